export { renderErrorsPage } from './renderErrorsPage.ts';
export { renderPolicyMatrix, withPolicyMatrix, readPolicyMatrix, POLICY_MATRIX_START, POLICY_MATRIX_END } from './renderPolicyMatrix.ts';
export { README_PATH, ERRORS_DOC_PATH } from './docsFiles.ts';
