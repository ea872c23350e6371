// `npm run synth` (cdktf synth) runs this app: one stack per example, written to cdktf.out/stacks/<name>/.
import { App } from "cdktf";
import { bosAccessLoggingExample } from "./bos-access-logging";

const app = new App();
bosAccessLoggingExample(app);
app.synth();
