import { cleanEnv, port, str } from "envalid";

// Heroku's DYNO names the process ("web.1"); the worker pool keys its leases on it.
export const env = cleanEnv(process.env, {
  NODE_ENV: str({ choices: ["development", "test", "production"] }),
  PORT: port({ default: 3000 }),
  DYNO: str({ default: "local.1" }),
});
