export { runCli } from "./main";
export { siteJsonSchema } from "../model/json-schema";
