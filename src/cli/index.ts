export { runCli } from "./main";
