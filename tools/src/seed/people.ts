export const FIRST_NAMES = [
  'Avery', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Quinn', 'Harper', 'Rowan', 'Emerson', 'Dakota',
  'Maria', 'James', 'Linda', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Elizabeth', 'Daniel', 'Susan',
  'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Karen', 'Anthony', 'Nancy', 'Mark', 'Lisa', 'Kevin', 'Aisha',
  'Wei', 'Priya', 'Hiroshi', 'Fatima', 'Mateo', 'Sofia', 'Andre', 'Grace', 'Omar', 'Chloe', 'Diego', 'Hannah', 'Luis',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
  'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'Nguyen', 'Patel',
  'Kim', 'Chen', 'Okafor', 'Reyes', 'Cohen', 'Murphy',
] as const;

export const UNIVERSITIES = [
  'University of Illinois', 'Ohio State University', 'University of Texas at Austin', 'Arizona State University',
  'Georgia State University', 'Temple University', 'Portland Community College', 'Miami Dade College',
  'University of Washington', 'San Diego State University', 'Boston University', 'University of Minnesota',
] as const;

export const DEGREES = ['High School Diploma', 'Associate of Arts', 'Bachelor of Arts', 'Bachelor of Science', 'MBA', 'Master of Education'] as const;

export const BANKS = ['Chase-Lake National Bank', 'Union Ridge Bank', 'Prairie State Credit Union', 'Coastal Savings Bank', 'Metro First Bank'] as const;

export const GENDERS = [['female', 49], ['male', 47], ['non-binary', 3], ['prefer not to say', 1]] as const;
export const RACE_ETHNICITIES = [
  ['White', 58], ['Hispanic or Latino', 19], ['Black or African American', 13], ['Asian', 6], ['Two or more races', 3],
  ['American Indian or Alaska Native', 1],
] as const;
export const MARITAL_STATUSES = [['single', 42], ['married', 45], ['divorced', 10], ['widowed', 3]] as const;
export const VETERAN_STATUSES = [['not a veteran', 92], ['veteran', 7], ['active reserve', 1]] as const;
export const DISABILITIES = [['none disclosed', 88], ['mobility impairment', 4], ['hearing impairment', 3], ['visual impairment', 2], ['chronic condition', 3]] as const;

export const DEVICES = ['iPhone 15', 'Pixel 8', 'Galaxy S23', 'iPad Air', 'Windows laptop', 'MacBook Air', 'Chromebook'] as const;
export const BROWSERS = ['Safari 17', 'Chrome 126', 'Firefox 127', 'Edge 126', 'Samsung Internet 25'] as const;
export const SITE_PAGES = ['/dashboard', '/opportunities', '/opportunities/search', '/account/payments', '/account/profile', '/reports/submit'] as const;
export const ISP_DOMAINS = ['fios-net.test', 'cablelink.test', 'metro-dsl.test', 'mobile-carrier.test', 'fibernet.test'] as const;

export const EVALUATION_REMARKS = [
  'Thorough narrative, photos on time',
  'Late submission, details complete',
  'Excellent timing notes',
  'Missed one required question',
  'Clear receipt, precise observations',
  'Good detail on staff interaction',
] as const;

export const ANSWER_STYLES = [
  'Yes, within about two minutes',
  'No, I had to ask twice',
  'Partly; the associate seemed rushed',
  'Yes, and the associate was friendly',
  'About six minutes in total',
  'Not offered until I asked',
] as const;
