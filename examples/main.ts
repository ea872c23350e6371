// `npm run synth` (cdktf synth) runs this app: one stack per example, written to cdktf.out/stacks/<name>/.
import { App } from "cdktf";
import { AccessLogChecks } from "../lib";
import { bosAccessLoggingExample } from "./bos-access-logging";
import { cdnLogBackupExample } from "./cdn-log-backup";
import { cosAccessLoggingExample } from "./cos-access-logging";

const app = new App();
cosAccessLoggingExample(app);
cdnLogBackupExample(app);
bosAccessLoggingExample(app);
// The check pack runs on every stack at synth: an error-level finding fails `npm run synth`.
AccessLogChecks.applyTo(app);
app.synth();
