/*
 * Lines as the services write them, beyond the field tables: each variant names where it was seen.
 *
 * COS: the field table of "日志管理概述 / Logging Overview" (https://cloud.tencent.com/document/product/436/16920; the
 * page's source in tencentyun/intlcloud-documents, yehe_doc/存储/对象存储/开发者指南/数据管理/日志管理/日志管理概述_intl_zh.md)
 * shows userAgent and resErrorMsg bare (`The specified key does not exist.`), requestUri quoted
 * (`"GET /fdgfdgsf%20/%E6%B5%AE%E7%82%B9%E6%95%B0 HTTP/1.1"`) and a 31st field vpcId (`"0"` outside a VPC, `"12345"`
 * in one); it says COS may add fields.
 *
 * CDN: lines quoted in public code that reads real Tencent CDN log packages: a Go test of a "tencent-cdn" log parser
 * (GO_TEST_LINE), a Python script's sample of 2023-03-30 lines (PYTHON_SAMPLE_LINES) and a 2026-05 blog post on a
 * crawler's CDN traffic (BLOG_LINES).
 */
import {
  formatCdnAccessLogLine,
  formatCosAccessLogLine,
  parseBosAccessLogLine,
  parseCdnAccessLogLine,
  parseCosAccessLogLine,
} from "../../lib";
import { parseError } from "./helpers";

/** The page's example values, field by field, written as the table shows them (bare unless the table quotes). */
const COS_TABLE_FIELDS = [
  "1.0",
  "examplebucket-1250000000",
  "ap-beijing",
  "2018-12-01T11:02:33Z",
  "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
  "UploadPart",
  "192.168.0.1",
  "AKIDNYVCdoJQyGJ5brTf",
  "-",
  "83886080",
  "808",
  "/folder/text.txt",
  "put",
  "cos-go-sdk-v5.2.9",
  "404",
  "NoSuchKey",
  "The specified key does not exist.",
  "197",
  "4295",
  "USER",
  "STANDARD",
  "100000000001",
  "4295",
  "100000000001:100000000001",
  "NWQ1ZjY4MTBfMjZiMjU4NjRfOWI1N180NDBiYTY=",
  "808",
  "-",
  "-",
  "-",
  '"GET /fdgfdgsf%20/%E6%B5%AE%E7%82%B9%E6%95%B0 HTTP/1.1"',
  '"0"',
];
const COS_TABLE_LINE = COS_TABLE_FIELDS.join(" ");
const withField = (n: number, text: string) => COS_TABLE_FIELDS.map((f, i) => (i === n - 1 ? text : f)).join(" ");

describe("COS lines as the service and its field table write them", () => {
  test("the table's own example: a bare message with spaces, a quoted request line and vpcId, 31 fields", () => {
    const record = parseCosAccessLogLine(COS_TABLE_LINE);
    expect(record.resErrorMsg).toBe("The specified key does not exist.");
    expect(record.resBytesSent).toBe(197);
    expect(record.resTotalTime).toBe(4295);
    expect(record.logSourceType).toBe("USER");
    expect(record.requestUri).toBe("GET /fdgfdgsf%20/%E6%B5%AE%E7%82%B9%E6%95%B0 HTTP/1.1");
    expect(record.vpcId).toBe("0");
    expect(record.extraFields).toEqual([]);
    // Written back with the documented quotes, it reads the same.
    expect(formatCosAccessLogLine(record)).toContain('"The specified key does not exist." 197 ');
    expect(parseCosAccessLogLine(formatCosAccessLogLine(record))).toEqual(record);
  });

  test("a bare request line METHOD target HTTP/x.y is one field, also as the last one", () => {
    const bare = withField(30, "GET /fdgfdgsf%20/%E6%B5%AE%E7%82%B9%E6%95%B0 HTTP/1.1");
    expect(parseCosAccessLogLine(bare)).toEqual(parseCosAccessLogLine(COS_TABLE_LINE));
    const thirty = COS_TABLE_FIELDS.slice(0, 29).concat("PUT /a.txt HTTP/2").join(" ");
    const record = parseCosAccessLogLine(thirty);
    expect(record.requestUri).toBe("PUT /a.txt HTTP/2");
    expect(record.vpcId).toBeUndefined();
    expect(record.extraFields).toEqual([]);
  });

  test("a bare request line whose target has unencoded spaces ends at the HTTP version", () => {
    const record = parseCosAccessLogLine(withField(30, "GET /my folder/a b.txt HTTP/1.1"));
    expect(record.requestUri).toBe("GET /my folder/a b.txt HTTP/1.1");
    expect(record.vpcId).toBe("0");
    expect(record.extraFields).toEqual([]);
    // Also when a bare message before it has to be split first.
    const both = parseCosAccessLogLine(
      COS_TABLE_FIELDS.map((f, i) => (i === 29 ? "PUT /a b HTTP/2" : f.replace(/^"(.*)"$/, "$1"))).join(" "),
    );
    expect(both.requestUri).toBe("PUT /a b HTTP/2");
    expect(both.resErrorMsg).toBe("The specified key does not exist.");
    expect(both.vpcId).toBe("0");
  });

  test("a bare request line without an HTTP version stays three fields: the method is the request line", () => {
    const record = parseCosAccessLogLine(withField(30, "GET /a.txt HTTP1.1"));
    expect(record.requestUri).toBe("GET");
    expect(record.vpcId).toBe("/a.txt");
    expect(record.extraFields).toEqual(["HTTP1.1", "0"]);
  });

  test("vpcId: quoted or bare, a VPC's id; 30 fields have none; fields after the 31st are extra", () => {
    expect(parseCosAccessLogLine(withField(31, '"12345"')).vpcId).toBe("12345");
    expect(parseCosAccessLogLine(withField(31, "12345")).vpcId).toBe("12345");
    expect(parseCosAccessLogLine(COS_TABLE_FIELDS.slice(0, 30).join(" ")).vpcId).toBeUndefined();
    expect(parseCosAccessLogLine(`${COS_TABLE_LINE} new-field "two words"`).extraFields).toEqual([
      "new-field",
      "two words",
    ]);
  });

  test("fields the table shows bare may come quoted", () => {
    const line = COS_TABLE_FIELDS.map((f, i) => ([3, 9, 14, 17].includes(i) ? `"${f}"` : f)).join(" ");
    const record = parseCosAccessLogLine(line);
    expect(record.eventTime).toEqual(new Date("2018-12-01T11:02:33Z"));
    expect(record.reqBytesSent).toBe(83886080);
    expect(record.resHttpCode).toBe(404);
    expect(record.resBytesSent).toBe(197);
  });

  test("a bare user agent with spaces is read: the status after it anchors the split", () => {
    const record = parseCosAccessLogLine(withField(14, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"));
    expect(record.userAgent).toBe("Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
    expect(record.resHttpCode).toBe(404);
    expect(record.resErrorMsg).toBe("The specified key does not exist.");
  });

  test("a bare user agent holding a status and a word splits two ways as well: malformed, not guessed", () => {
    const error = parseError(() => parseCosAccessLogLine(withField(14, "Mozilla/5.0 (X11) 200 OK")));
    expect(error.field).toBe("resHttpCode");
    expect(error.message).toContain('is not an HTTP status code (100-599): "(X11)"');
  });

  test("a bare message keeps its own spacing", () => {
    const record = parseCosAccessLogLine(withField(17, "Access  Denied."));
    expect(record.resErrorMsg).toBe("Access  Denied.");
  });

  test("a reading that fills every field wins over one that swallows the later fields into the message", () => {
    // `… exist. 197 4295 USER …` could also be a message running on to a 23-field line; the 31-field reading wins.
    const record = parseCosAccessLogLine(COS_TABLE_LINE);
    expect(record.requester).toBe("100000000001:100000000001");
  });

  test("when no split fits, the line is malformed at the first field that did not fit", () => {
    const error = parseError(() => parseCosAccessLogLine(withField(15, "4o4")));
    expect(error.field).toBe("resHttpCode");
    expect(error.fieldNumber).toBe(15);
    expect(error.message).toContain('is not an HTTP status code (100-599): "4o4"');
  });

  test("(null) is absent in a COS field too", () => {
    const record = parseCosAccessLogLine(withField(27, "(null)"));
    expect(record.versionId).toBeUndefined();
    expect(parseCosAccessLogLine(withField(26, '"(null)"')).objectSize).toBeUndefined();
  });
});

describe("BOS: two bare free-text fields side by side are ambiguous and stay malformed", () => {
  const BOS_SAMPLE =
    '2016-09-05T09:02:03+08:00 e13b12d0131b4c8bae959df4969387b8 bos-logging - - 127.0.0.1 e13b12d0131b4c8bae959df4969387b8 98a20094-2002-4950-899d-9347244c71da GetBucket bj.bcebos.com "/bos-logging?delimiter=%2F&maxKeys=1000&prefix=" 200 success 2335 - 10 - "-" "Mozilla/5.0 (X11)" - - - - 123 cdn 302 STANDARD';

  test("quoted, the sample reads; the request URI bare with a space before a status is read too", () => {
    expect(parseBosAccessLogLine(BOS_SAMPLE).userAgent).toBe("Mozilla/5.0 (X11)");
    const bareUri = BOS_SAMPLE.replace('"/bos-logging?delimiter=%2F&maxKeys=1000&prefix="', "/bos logging?x=1");
    expect(parseBosAccessLogLine(bareUri).requestUri).toBe("/bos logging?x=1");
  });

  test("a bare referer and user agent, both with spaces, split more than one way: malformed", () => {
    const line = BOS_SAMPLE.replace('"-" "Mozilla/5.0 (X11)"', "https://a.example/x y Mozilla/5.0 (X11)");
    const error = parseError(() => parseBosAccessLogLine(line));
    expect(error.message).toBe(
      `bos access log: field 18 (referer) at column ${line.indexOf("https://a.") + 1} is free text without quotes, and the line splits into fields more than one way`,
    );
  });
});

// Go test of a "tencent-cdn" log parser (public code reading real Tencent CDN packages).
const GO_TEST_LINE =
  '20240930180135 123.45.67.8 www.example.com /wp-content/favicon.ico 6969 120 2 200 https://www.example.com/ 3 "Mozilla/5.0 () Chrome/96.0.4664.104 Mobile Safari/537.36" "(null)" GET HTTPS hit 32768';
// Python script's sample of real lines, 2023-03-30 (a COS-origin CDN domain).
const PYTHON_SAMPLE_LINES = [
  '20230330010010 223.104.149.43 cos.loveloveme.cn /2023/03/29/91ad731639b8c.gif 459 120 1046 206 https://www.xooznnfuvqvl.buzz:8/vodata/32180/play.html?32180-0-1 1 "Mozilla/5.0 (Linux; Android 9; V1809A Build/PKQ1.181030.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/87.0.4280.141 Mobile Safari/537.36 VivoBrowser/14.1.20.0" "786432-786432" GET HTTPS hit 56845',
  '20230330010011 36.161.111.172 cos.loveloveme.cn /2023/03/29/91ad731639b8c.gif 228 121 1046 304 https://www.ttqgjyjzuoqw.buzz:8/ 1 "Mozilla/5.0 (Linux; U; Android 9; zh-CN; STK-AL00 Build/HUAWEISTK-AL00) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 UCBrowser/15.3.6.1226 Mobile Safari/537.36" "(null)" GET HTTPS hit 52279',
  '20230330010012 223.104.149.43 cos.loveloveme.cn /2023/03/29/91ad731639b8c.gif 0 120 1046 206 https://www.xooznnfuvqvl.buzz:8/vodata/32180/play.html?32180-0-1 1 "Mozilla/5.0 (Linux; Android 9; V1809A Build/PKQ1.181030.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/87.0.4280.141 Mobile Safari/537.36 VivoBrowser/14.1.20.0" "786432-4999999" GET HTTPS hit 56845',
];
// A 2026-05 blog post quoting its CDN lines (a crawler's requests).
const BLOG_LINES = [
  '20260507164510 124.239.12.111 cdn.dong4j.site /source/static/index-imgloaded.css 1379 1069 2 200 https://blog.dong4j.site/ 215 "YisouSpider" "(null)" GET HTTPS miss 58335',
  '20260507164510 116.132.136.184 cdn.dong4j.site /source/static/echarts.min.js 786157 1069 26 200 https://blog.dong4j.site/ 404 "YisouSpider" "(null)" GET HTTPS miss 59105',
];

describe("CDN lines from real packages", () => {
  test("the Go test's line: (null) range is absent, HTTPS is the protocol", () => {
    expect(parseCdnAccessLogLine(GO_TEST_LINE)).toEqual({
      time: new Date("2024-09-30T10:01:35Z"),
      utcOffsetMinutes: 480,
      clientIp: "123.45.67.8",
      domain: "www.example.com",
      path: "/wp-content/favicon.ico",
      bytes: 6969,
      provinceId: 120,
      ispId: 2,
      status: 200,
      referer: "https://www.example.com/",
      responseTimeMs: 3,
      userAgent: "Mozilla/5.0 () Chrome/96.0.4664.104 Mobile Safari/537.36",
      range: undefined,
      method: "GET",
      protocol: "HTTPS",
      cacheStatus: "hit",
      clientPort: 32768,
      extraFields: [],
    });
  });

  test("the Python sample: a range without its unit, (null), ISP 1046, a referer URL with a port", () => {
    const [ranged, nulled, zeroBytes] = PYTHON_SAMPLE_LINES.map(parseCdnAccessLogLine);
    expect(ranged.range).toBe("786432-786432");
    expect(ranged.status).toBe(206);
    expect(ranged.ispId).toBe(1046);
    expect(ranged.referer).toBe("https://www.xooznnfuvqvl.buzz:8/vodata/32180/play.html?32180-0-1");
    expect(nulled.range).toBeUndefined();
    expect(nulled.provinceId).toBe(121);
    expect(nulled.status).toBe(304);
    expect(zeroBytes.bytes).toBe(0);
    expect(zeroBytes.range).toBe("786432-4999999");
    expect(ranged.time.toISOString()).toBe("2023-03-29T17:00:10.000Z");
  });

  test("the blog's lines: province 1069, ISP 26, a miss over HTTPS", () => {
    const [css, js] = BLOG_LINES.map(parseCdnAccessLogLine);
    expect(css).toMatchObject({ provinceId: 1069, ispId: 2, userAgent: "YisouSpider", protocol: "HTTPS" });
    expect(css.range).toBeUndefined();
    expect(js).toMatchObject({ bytes: 786157, ispId: 26, responseTimeMs: 404, cacheStatus: "miss", clientPort: 59105 });
  });

  test("(null) bare or quoted is absent in any field, but kept as written among the extra fields", () => {
    const bare = GO_TEST_LINE.replace(' "(null)" ', " (null) ").replace(" 32768", " (null) (null)");
    const record = parseCdnAccessLogLine(bare);
    expect(record.range).toBeUndefined();
    expect(record.clientPort).toBeUndefined();
    expect(record.extraFields).toEqual(["(null)"]);
    // Near misses are text.
    expect(parseCdnAccessLogLine(GO_TEST_LINE.replace('"(null)"', '"(nul)"')).range).toBe("(nul)");
    expect(parseCdnAccessLogLine(GO_TEST_LINE.replace('"(null)"', '"(null)x"')).range).toBe("(null)x");
  });

  test("the formatter refuses the text (null), which would read back as absent, and writes an extra (null) bare", () => {
    const record = parseCdnAccessLogLine(GO_TEST_LINE);
    expect(() => formatCdnAccessLogLine({ ...record, range: "(null)" })).toThrow(
      'the text "(null)" cannot be written: the readers take "-" and "(null)" as "no value"',
    );
    const line = formatCdnAccessLogLine({ ...record, extraFields: ["(null)"] });
    expect(line.endsWith(" 32768 (null)")).toBe(true);
    expect(parseCdnAccessLogLine(line)).toEqual({ ...record, extraFields: ["(null)"] });
  });

  test("a bare user agent with spaces is read when the later fields fit only one split", () => {
    const bare = GO_TEST_LINE.replace(
      '"Mozilla/5.0 () Chrome/96.0.4664.104 Mobile Safari/537.36"',
      "Mozilla/5.0 () Chrome/96.0.4664.104 Mobile Safari/537.36",
    );
    expect(parseCdnAccessLogLine(bare)).toEqual(parseCdnAccessLogLine(GO_TEST_LINE));
  });
});
