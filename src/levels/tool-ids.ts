/** Every tool of the manual's §3.3 tables (and the pins that keep them working), by stable id. */
export const TOOL_IDS = [
  "chrome",
  "chromedriver",
  "python",
  "anaconda",
  "pycharm",
  "requests",
  "lxml",
  "mysql",
  "mongodb",
  "redis",
  "pymysql",
  "pymongo",
  "redis-py",
  "selenium",
  "scrapy",
  "twisted",
  "pyopenssl",
  "cryptography",
] as const;
export type ToolIdT = (typeof TOOL_IDS)[number];
