/**
 * Child process for the benchmark: runs the test fakes (CDN API, log host, COS) on loopback so
 * their CPU and memory stay out of the measured process. COS runs with `keepBodies: false`: it
 * counts bytes and discards them, and the log host generates bodies on the fly, so a 1 GiB
 * package costs neither process any memory.
 *
 * Control protocol (process IPC): the parent sends { id, command, ... } and gets { id, result }.
 */
import { FakeCdnApi, type FakeDomainLog } from "../../test/function/fakes/cdn-api";
import { FakeCos } from "../../test/function/fakes/cos";
import { FakeLogHost } from "../../test/function/fakes/log-host";

interface PublishCommand {
  readonly command: "publish";
  readonly domain: string;
  readonly packages: ReadonlyArray<{
    readonly area: "mainland" | "overseas";
    readonly logName: string;
    readonly size: number;
    readonly startTime: string;
  }>;
}
interface SizeCommand {
  readonly command: "size";
  readonly bucket: string;
  readonly key: string;
}
interface StatsCommand {
  readonly command: "stats";
}
interface CloseCommand {
  readonly command: "close";
}
type Command = (PublishCommand | SizeCommand | StatsCommand | CloseCommand) & { readonly id: number };

async function main(): Promise<void> {
  const [cdn, logs, cos] = await Promise.all([
    new FakeCdnApi().start(),
    new FakeLogHost().start(),
    new FakeCos({ keepBodies: false }).start(),
  ]);

  const execute = async (message: Command): Promise<unknown> => {
    switch (message.command) {
      case "publish": {
        const entries: FakeDomainLog[] = message.packages.map((p) => {
          const path = `/${p.area}/${message.domain}/${p.logName}`;
          logs.put(path, { size: p.size });
          return {
            StartTime: p.startTime,
            EndTime: p.startTime.replace(/:00:00$/, ":59:59"),
            LogPath: logs.url(path),
            Area: p.area,
            LogName: p.logName,
            FileSize: p.size,
          };
        });
        cdn.setLogs(message.domain, entries);
        return { downloadUrls: entries.map((e) => e.LogPath) };
      }
      case "size":
        return cos.get(message.bucket, message.key)?.size ?? null;
      case "stats":
        return {
          cosBytesReceived: cos.bytesReceived,
          incompleteBodies: cos.incompleteBodies,
          bytesServed: logs.bytesServed,
        };
      case "close":
        await Promise.all([cdn.close(), logs.close(), cos.close()]);
        setImmediate(() => process.exit(0));
        return null;
    }
  };

  process.on("message", (message: Command) => {
    execute(message).then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    );
  });
  process.send?.({
    ready: true,
    cdnEndpoint: cdn.endpoint,
    cosEndpoint: cos.endpoint,
    logEndpoint: logs.endpoint,
    logOrigin: logs.origin,
  });
}

void main();
