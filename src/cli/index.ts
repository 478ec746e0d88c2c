export { runCli } from "./main";
export { siteJsonSchema } from "../model/json-schema";
export { inventoryJsonSchema } from "../inventory/json-schema";
