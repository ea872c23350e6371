import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  formatBosAccessLogLine,
  formatCdnAccessLogLine,
  formatCosAccessLogLine,
  parseBosAccessLogLine,
  parseCdnAccessLogLine,
  parseCosAccessLogLine,
} from "../../lib";
import { parseError } from "./helpers";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const lines = (name: string) => fixture(name).split(/\r?\n/);
const BOS_SAMPLE = fixture("bos-sample.log").trimEnd();

describe("BOS", () => {
  test("Baidu's sample line parses to the documented 27 fields", () => {
    expect(parseBosAccessLogLine(BOS_SAMPLE)).toEqual({
      time: new Date("2016-09-05T01:02:03Z"),
      utcOffsetMinutes: 480,
      bucketOwner: "e13b12d0131b4c8bae959df4969387b8",
      bucket: "bos-logging",
      key: undefined,
      reserved: undefined,
      remoteIp: "127.0.0.1",
      requester: "e13b12d0131b4c8bae959df4969387b8",
      requestId: "98a20094-2002-4950-899d-9347244c71da",
      operation: "GetBucket",
      host: "bj.bcebos.com",
      requestUri: "/bos-logging?delimiter=%2F&maxKeys=1000&prefix=",
      status: 200,
      errorCode: "success",
      bytesSent: 2335,
      objectSize: undefined,
      totalTimeMs: 10,
      serverTimeMs: undefined,
      referer: undefined,
      userAgent:
        "bce-sdk-python/0.8.9/2.7.3 (default, Jun 24 2016, 15:08:42) [GCC 3.4.5 20051201 (Red Hat 3.4.5-2)]/linux2",
      storageClass: undefined,
      multipleDelete: undefined,
      vip: undefined,
      renameSource: undefined,
      accessKey: "123",
      source: "cdn",
      mirrorType: "302",
      copySource: "STANDARD",
      extraFields: [],
    });
  });

  test("formatting the parsed sample gives the sample back, byte for byte", () => {
    expect(formatBosAccessLogLine(parseBosAccessLogLine(BOS_SAMPLE))).toBe(BOS_SAMPLE);
  });

  test("quoted fields keep their spaces and lose their escapes", () => {
    const record = parseBosAccessLogLine(lines("bos-mixed.log")[1]);
    expect(record.requestUri).toBe('/photos/summer trip.jpg?x="quoted"');
    expect(record.referer).toBe("https://example.com/a page");
    expect(record.userAgent).toBe('Mozilla/5.0 (X11; Linux x86_64) "quoted" \\ backslash');
    expect(record.key).toBe("photos/summer%20trip.jpg");
    expect(record.status).toBe(404);
    expect(record.serverTimeMs).toBe(2);
    expect(record.copySource).toBeUndefined();
  });

  test("a line with only the first 19 fields is accepted; the later ones are undefined", () => {
    const record = parseBosAccessLogLine(lines("bos-mixed.log")[4]);
    expect(record.storageClass).toBe("STANDARD_IA");
    expect(record.objectSize).toBe(1048576);
    expect(record.multipleDelete).toBeUndefined();
    const upToUserAgent = BOS_SAMPLE.slice(0, BOS_SAMPLE.indexOf("/linux2") + '/linux2"'.length);
    expect(parseBosAccessLogLine(upToUserAgent).userAgent).toMatch(/linux2$/);
  });

  test("fields beyond the 27th are kept in extraFields", () => {
    expect(parseBosAccessLogLine(`${BOS_SAMPLE} new-field "two words" -`).extraFields).toEqual([
      "new-field",
      "two words",
      "-",
    ]);
  });

  test("\\xHH escapes decode as UTF-8 bytes", () => {
    const line = BOS_SAMPLE.replace('"-"', '"https://example.com/\\xE4\\xBD\\xA0\\x22"');
    expect(parseBosAccessLogLine(line).referer).toBe('https://example.com/你"');
  });

  test.each([
    ["status", " 200 ", " 2x0 ", 12, 'is not an HTTP status code (100-599): "2x0"'],
    ["status", " 200 ", " 600 ", 12, 'is not an HTTP status code (100-599): "600"'],
    ["status", " 200 ", " 99 ", 12, 'is not an HTTP status code (100-599): "99"'],
    ["bytesSent", " 2335 ", " -5 ", 14, 'is not a whole number of 0 or more: "-5"'],
    ["bytesSent", " 2335 ", " 12.5 ", 14, 'is not a whole number of 0 or more: "12.5"'],
    ["bytesSent", " 2335 ", " 99999999999999999 ", 14, "is not a whole number of 0 or more"],
    ["time", "2016-09-05T09:02:03+08:00", "2016-02-30T09:02:03+08:00", 1, "is not a time"],
    ["time", "2016-09-05T09:02:03+08:00", "2016-09-05T24:00:00+08:00", 1, "is not a time"],
    ["time", "2016-09-05T09:02:03+08:00", "2016-09-05T09:02:03", 1, "is not a time"],
    ["time", "2016-09-05T09:02:03+08:00", "-", 1, "is not a time"],
  ])("a bad %s is reported with its field number and column", (field, from, to, number, message) => {
    const line = BOS_SAMPLE.replace(from, to);
    const error = parseError(() => parseBosAccessLogLine(line));
    expect(error.field).toBe(field);
    expect(error.fieldNumber).toBe(number);
    const at = line.indexOf(to) + (to.startsWith(" ") ? 2 : 1);
    expect(error.column).toBe(at);
    expect(error.message).toContain(`bos access log: field ${number} (${field}) at column ${at} ${message}`);
  });

  test("the biggest safe integer is a number, one more is malformed", () => {
    expect(parseBosAccessLogLine(BOS_SAMPLE.replace(" 2335 ", " 9007199254740991 ")).bytesSent).toBe(9007199254740991);
    expect(() => parseBosAccessLogLine(BOS_SAMPLE.replace(" 2335 ", " 9007199254740992 "))).toThrow(
      /field 14 \(bytesSent\)/,
    );
  });

  test("status 100 and 599 are the limits", () => {
    expect(parseBosAccessLogLine(BOS_SAMPLE.replace(" 200 ", " 100 ")).status).toBe(100);
    expect(parseBosAccessLogLine(BOS_SAMPLE.replace(" 200 ", " 599 ")).status).toBe(599);
  });

  test("a line cut short names the first missing field at the end column", () => {
    const cut = BOS_SAMPLE.slice(0, BOS_SAMPLE.indexOf(' "/bos-logging'));
    const error = parseError(() => parseBosAccessLogLine(cut));
    expect(error.field).toBe("requestUri");
    expect(error.fieldNumber).toBe(11);
    expect(error.column).toBe(cut.length + 1);
    expect(error.message).toMatch(/is missing: the line ends after 10 fields, and a bos line has at least 19/);
    // 18 fields (no user agent) is one short of the minimum.
    const eighteen = BOS_SAMPLE.slice(0, BOS_SAMPLE.indexOf(' "bce-sdk'));
    expect(() => parseBosAccessLogLine(eighteen)).toThrow(/field 19 \(userAgent\).*ends after 18 fields/);
  });

  test("an unterminated quote and text glued to a closing quote are malformed", () => {
    const open = BOS_SAMPLE.slice(0, BOS_SAMPLE.indexOf("/linux2") + 7);
    const error = parseError(() => parseBosAccessLogLine(open));
    expect(error.field).toBe("userAgent");
    expect(error.column).toBe(open.indexOf('"bce-sdk') + 1);
    expect(error.message).toContain("opens a quote that is never closed");
    const glued = BOS_SAMPLE.replace('"-" "bce', '"-"x "bce');
    const gluedError = parseError(() => parseBosAccessLogLine(glued));
    expect(gluedError.field).toBe("referer");
    expect(gluedError.column).toBe(glued.indexOf('"-"x') + 4);
    expect(gluedError.message).toContain("has text after its closing quote");
  });

  test("times keep their zone: a -05:30 offset is read and written back", () => {
    const line = BOS_SAMPLE.replace("2016-09-05T09:02:03+08:00", "2016-09-05T09:02:03.250-05:30");
    const record = parseBosAccessLogLine(line);
    expect(record.time.toISOString()).toBe("2016-09-05T14:32:03.250Z");
    expect(record.utcOffsetMinutes).toBe(-330);
    expect(formatBosAccessLogLine(record)).toBe(line);
  });
});

describe("COS", () => {
  test("a space-separated line with quoted free text parses to the 30 documented fields", () => {
    expect(parseCosAccessLogLine(lines("cos-sample.log")[0])).toEqual({
      eventVersion: "1.0",
      bucketName: "examplebucket-1250000000",
      qcsRegion: "ap-beijing",
      eventTime: new Date("2018-12-01T11:02:33Z"),
      utcOffsetMinutes: 0,
      eventSource: "examplebucket-1250000000.cos.ap-beijing.myqcloud.com",
      eventName: "UploadPart",
      remoteIp: "192.168.0.1",
      userSecretKeyId: "AKIDNYVCdoJQyGJ5b1234",
      reserved: undefined,
      reqBytesSent: 83886080,
      deltaDataSize: 808,
      reqPath: "/folder/text.txt",
      reqMethod: "put",
      userAgent: "cos-go-sdk-v5.2.9",
      resHttpCode: 404,
      resErrorCode: "NoSuchKey",
      resErrorMsg: "The specified key does not exist.",
      resBytesSent: 197,
      resTotalTime: 4295,
      logSourceType: "USER",
      storageClass: "STANDARD",
      accountId: "100000000001",
      resTurnAroundTime: 4295,
      requester: "100000000001:100000000001",
      requestId: "NWQ1ZjY4MTBfMjZiMjU4NjRfOWI1N180NXXXX=",
      objectSize: 808,
      versionId: undefined,
      targetStorageClass: undefined,
      referer: undefined,
      requestUri: "GET /folder/text.txt HTTP/1.1",
      extraFields: [],
    });
  });

  test("the older tab-separated form: spaces inside fields, a reason phrase after the status, 23 fields", () => {
    const record = parseCosAccessLogLine(lines("cos-tab-separated.log")[0]);
    expect(record.userAgent).toBe("Mozilla/5.0 (Windows NT 10.0)");
    expect(record.resHttpCode).toBe(204);
    expect(record.deltaDataSize).toBe(-808);
    expect(record.reserved).toBe("qcs::cos:ap-beijing:uin/100000000001:examplebucket-1250000000/folder/text.txt");
    expect(record.resTurnAroundTime).toBe(3);
    expect(record.requester).toBeUndefined();
  });

  test("a bare message whose later fields fit no split stays malformed, with the first error", () => {
    const line = lines("cos-sample.log")[0].replace(
      '"The specified key does not exist." 197',
      "The specified key does not exist. 19x",
    );
    const error = parseError(() => parseCosAccessLogLine(line));
    expect(error.field).toBe("resBytesSent");
    expect(error.fieldNumber).toBe(18);
    expect(error.message).toContain('is not a whole number of 0 or more: "specified"');
  });

  test("22 fields is one short", () => {
    const line = lines("cos-tab-separated.log")[0].replace(/\t3$/, "");
    expect(() => parseCosAccessLogLine(line)).toThrow(
      /field 23 \(resTurnAroundTime\).*ends after 22 fields, and a cos line has at least 23/,
    );
  });

  test("formats back to the same record, space-separated", () => {
    const record = parseCosAccessLogLine(lines("cos-tab-separated.log")[0]);
    const line = formatCosAccessLogLine(record);
    expect(line).not.toContain("\t");
    expect(parseCosAccessLogLine(line)).toEqual(record);
  });
});

describe("CDN", () => {
  test("a package line: compact Beijing time, quoted user agent and range, 16 fields", () => {
    expect(parseCdnAccessLogLine(lines("cdn-crlf.log")[0])).toEqual({
      time: new Date("2026-11-20T16:00:12Z"),
      utcOffsetMinutes: 480,
      clientIp: "203.0.113.9",
      domain: "www.example.com",
      path: "/index.html",
      bytes: 5120,
      provinceId: 22,
      ispId: 2,
      status: 200,
      referer: undefined,
      responseTimeMs: 12,
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)",
      range: undefined,
      method: "GET",
      protocol: "HTTP/2.0",
      cacheStatus: "hit",
      clientPort: 51234,
      extraFields: [],
    });
  });

  test("negative region and ISP ids outside the mainland; 15 fields without a port", () => {
    const record = parseCdnAccessLogLine(lines("cdn-crlf.log")[2]);
    expect(record.provinceId).toBe(-20);
    expect(record.ispId).toBe(-1);
    expect(record.protocol).toBe("HTTP/3");
    expect(record.clientPort).toBeUndefined();
  });

  test("a bad compact time is named", () => {
    const error = parseError(() =>
      parseCdnAccessLogLine(lines("cdn-crlf.log")[1].replace("20261121000013", "20261321000013")),
    );
    expect(error.field).toBe("time");
    expect(error.column).toBe(1);
    expect(error.message).toContain("YYYYMMDDHHmmss");
  });

  test("the compact form is written back for Beijing time, ISO 8601 for any other zone", () => {
    const record = parseCdnAccessLogLine(lines("cdn-crlf.log")[1]);
    expect(formatCdnAccessLogLine(record)).toBe(lines("cdn-crlf.log")[1].replace(/\r$/, ""));
    const utc = { ...record, utcOffsetMinutes: 0 };
    expect(formatCdnAccessLogLine(utc).startsWith("2026-11-20T16:00:13Z ")).toBe(true);
    expect(parseCdnAccessLogLine(formatCdnAccessLogLine(utc))).toEqual(utc);
  });
});

describe("formatters refuse what a line cannot hold", () => {
  const record = parseBosAccessLogLine(BOS_SAMPLE);
  test.each([
    ["a negative count", { bytesSent: -1 }, /bos field bytesSent must be 0 or more, got -1/],
    ["a fractional count", { bytesSent: 1.5 }, /bos field bytesSent must be a whole number, got 1.5/],
    ["a status out of range", { status: 600 }, /must be an HTTP status 100-599, got 600/],
    ["the text -", { bucket: "-" }, /the text "-" cannot be written/],
    ["an invalid date", { time: new Date(NaN) }, /bos field time must be a valid Date/],
    [
      "an offset beyond 14 hours",
      { utcOffsetMinutes: 14 * 60 + 1 },
      /utcOffsetMinutes must be a whole number of minutes within ±14 hours/,
    ],
  ])("%s", (_name, change, message) => {
    expect(() => formatBosAccessLogLine({ ...record, ...change })).toThrow(message);
  });

  test("an offset of exactly 14 hours is written", () => {
    expect(formatBosAccessLogLine({ ...record, utcOffsetMinutes: 14 * 60 })).toMatch(/^2016-09-05T15:02:03\+14:00 /);
  });
});
