import os from "node:os";

/** A stable name for this process in logs and metrics. */
export function instanceName(): string {
  if ("DYNO" in process.env) {
    return `heroku:${process.env.HEROKU_APP_NAME ?? "app"}`;
  }
  return os.hostname();
}
