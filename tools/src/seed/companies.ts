/** An industry, its companies (clients and their competitors) and the shops it commissions. */
export interface Industry {
  name: string;
  /** Company names in this industry; a client's competitors are the others. */
  companies: readonly string[];
  /** Opportunity titles (what the shopper is asked to do). */
  titles: readonly string[];
  /** Questions of a deliverable's questionnaire. */
  questions: readonly string[];
  /** Typical purchase range (USD) when a purchase is required; null when no purchase is usual. */
  purchase: readonly [number, number] | null;
}

export const INDUSTRIES: readonly Industry[] = [
  {
    name: 'Quick-Service Restaurants',
    companies: ['Burger Barn', 'Taco Trail', 'Crispy Coop Chicken', 'Sub Station Deli', 'Pizza Piazza', 'Golden Fry'],
    titles: ['Drive-thru speed of service', 'Lunch-rush dine-in visit', 'Mobile order pickup check', 'Late-night drive-thru visit'],
    questions: [
      'How long did you wait from order to pickup?',
      'Was the order accurate?',
      'Was the dining area clean?',
      'Did the cashier suggest an upsell?',
    ],
    purchase: [6, 28],
  },
  {
    name: 'Coffee & Bakery',
    companies: ['Bean Street Coffee', 'Daybreak Roasters', 'Copper Kettle Cafe', 'Morning Mug'],
    titles: ['Morning peak beverage order', 'Pastry freshness check', 'Drive-thru coffee visit'],
    questions: ['Was your name spelled correctly?', 'Was the drink at the right temperature?', 'Was the pastry case full?'],
    purchase: [4, 19],
  },
  {
    name: 'Grocery',
    companies: ['FreshFare Markets', 'Greenleaf Grocers', 'Valley Foods', 'Harvest Basket', 'PrimeCart'],
    titles: ['Produce department audit', 'Deli counter service visit', 'Self-checkout experience', 'Pharmacy counter inquiry'],
    questions: ['Were the shelves fully stocked?', 'Did an associate offer help?', 'How many registers were open?'],
    purchase: [12, 95],
  },
  {
    name: 'Apparel Retail',
    companies: ['Threadline', 'Urban Outpost', 'Maple & Main Outfitters', 'Northfield Apparel', 'Cobalt Denim'],
    titles: ['Fitting-room service visit', 'Weekend floor coverage check', 'Return counter experience'],
    questions: ['Were you greeted within a minute?', 'Was the fitting room attended?', 'Was the return handled politely?'],
    purchase: [18, 140],
  },
  {
    name: 'Retail Banking',
    companies: ['Harborview Bank', 'First Prairie Bank', 'Summit Federal Credit Union', 'Liberty Trust Bank', 'Keystone Savings'],
    titles: ['New checking account inquiry', 'Teller line observation', 'Mortgage pre-approval inquiry'],
    questions: ['Did the banker explain the fees?', 'How long did you wait for a teller?', 'Were you offered a follow-up appointment?'],
    purchase: null,
  },
  {
    name: 'Automotive',
    companies: ['Redline Motors', 'Cascade Auto Group', 'Ironwood Auto Sales', 'Pioneer Tire & Service', 'QuickLube Pro'],
    titles: ['Showroom sales consultation', 'Oil change service visit', 'Test-drive experience'],
    questions: ['Did the salesperson offer a test drive?', 'Was the price quoted in writing?', 'Was the waiting area clean?'],
    purchase: [39, 120],
  },
  {
    name: 'Wireless & Telecom',
    companies: ['Wavelink Wireless', 'Nimbus Mobile', 'Beacon Telecom', 'SkyBridge Cellular'],
    titles: ['Phone upgrade consultation', 'Plan comparison inquiry', 'Accessory purchase visit'],
    questions: ['Did the associate ask about your usage?', 'Was a trade-in offered?', 'Were the plan terms clear?'],
    purchase: [15, 60],
  },
  {
    name: 'Fuel & Convenience',
    companies: ['FuelStop', 'Rapid Mart', 'Corner Pantry', 'Sunrise Fuel'],
    titles: ['Forecourt and restroom audit', 'Hot-food counter visit', 'Age-verification compliance check'],
    questions: ['Were the restrooms clean?', 'Was ID requested for the restricted item?', 'Were the pumps in working order?'],
    purchase: [3, 35],
  },
  {
    name: 'Hospitality',
    companies: ['Lodgewell Inns', 'Harbor Suites', 'Crestline Hotels', 'Parkside Lodge'],
    titles: ['Front-desk check-in experience', 'Room cleanliness audit', 'Hotel restaurant visit'],
    questions: ['How long did check-in take?', 'Was the room clean on arrival?', 'Were amenities explained?'],
    purchase: [89, 320],
  },
  {
    name: 'Pharmacy',
    companies: ['CareWell Pharmacy', 'MedPoint Drug', 'Apex Apothecary'],
    titles: ['Pharmacist consultation visit', 'Flu-shot appointment experience', 'Over-the-counter advice check'],
    questions: ['Did the pharmacist offer counselling?', 'Was your privacy respected at the counter?', 'How long did you wait?'],
    purchase: [5, 45],
  },
  {
    name: 'Fitness',
    companies: ['IronPeak Fitness', 'Pulse Gym', 'CoreMotion Studios'],
    titles: ['Membership sales tour', 'Group class experience', 'Cancellation request handling'],
    questions: ['Was a tour offered?', 'Were the membership terms explained?', 'Was the locker room clean?'],
    purchase: null,
  },
  {
    name: 'Home Improvement',
    companies: ['Hammerhouse', 'BuildRight Supply', 'Timberline Home Center'],
    titles: ['Paint desk service visit', 'Garden center weekend visit', 'Special-order inquiry'],
    questions: ['Could an associate find the item?', 'Was paint mixed correctly?', 'Was the checkout fast?'],
    purchase: [9, 180],
  },
];

/** Employers of shoppers who do not work for a company in the seed's industries. */
export const OTHER_EMPLOYERS = [
  'Lakeside School District', 'Metro Transit Authority', 'Northgate Hospital', 'Brightpath Logistics',
  'County Library System', 'Summit Insurance Agency', 'Riverbend Dental Group', 'Freelance',
  'Clearwater Consulting', 'Evergreen Property Management', 'Self-employed', 'Cityline Call Center',
] as const;

export const JOB_TITLES = [
  'Sales Associate', 'Shift Supervisor', 'Administrative Assistant', 'Teacher', 'Nurse', 'Customer Service Representative',
  'Bookkeeper', 'Barista', 'Warehouse Associate', 'Store Manager', 'Graphic Designer', 'Real Estate Agent',
] as const;

export const CONTACT_TITLES = [
  'Director of Customer Experience', 'Regional Operations Manager', 'VP Brand Standards', 'Field Quality Lead',
  'Insights Analyst', 'Franchise Compliance Manager',
] as const;
