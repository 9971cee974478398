using System.Text;
using System.Text.Json.Nodes;

namespace BackgroundJobs.Server.Tests.Hostile;

/// <summary>
/// Generates several hundred malformed or hostile requests against every route that takes input:
/// truncated and deeply nested JSON, huge strings and numbers out of range, wrong types, unicode
/// tricks and header injection, duplicate keys, wrong content types, oversized bodies, and path
/// traversal in blob names and ids. Built from valid requests by mutation, so each case differs from
/// an accepted request in one way.
/// </summary>
public static class HostileCorpus
{
    public const string BulkEmail = "/api/jobs/bulk-email";
    public const string Documents = "/api/jobs/documents";
    public const string CrmSync = "/api/jobs/crm-sync";
    public const string Reports = "/api/jobs/reports";
    public const string Inference = "/api/jobs/inference";
    public const string Uploads = "/api/uploads";

    private static readonly string ValidBulkEmail = """
        {"subject":"Hi {{name}}","text":"Hello","html":"<p>Hello</p>","from":{"email":"me@example.com","name":"Me"},
         "recipients":[{"email":"a@example.com","name":"A","data":{"code":"1"}}],"batchSize":10,"maxParallelBatches":2,
         "notifyEmail":"ops@example.com"}
        """;

    private static readonly string ValidDocuments = """{"blob":"uploads/0123456789abcdef.pdf","operations":[{"type":"extractText","pagesPerActivity":5}]}""";

    private static readonly string ValidCrmSync = """{"blob":"uploads/0123456789abcdef.csv","batchesPerSegment":5,"notifyEmail":"ops@example.com"}""";

    private static readonly string ValidReport = """
        {"report":"job-history","format":"csv","from":"2026-11-01T00:00:00Z","to":"2026-11-02T00:00:00Z","notifyEmail":"ops@example.com"}
        """;

    private static readonly string ValidInference = """
        {"blob":"uploads/0123456789abcdef.jsonl","mode":"chat","model":"gpt-4o-mini","systemPrompt":"Be brief.","promptTemplate":"Q: {{prompt}}",
         "maxTokens":100,"temperature":0.5,"maxConcurrency":4,"itemsPerChunk":50,"notifyEmail":"ops@example.com"}
        """;

    /// <summary>Every start route that takes a JSON body, with a request it would accept.</summary>
    private static readonly (string Path, string Valid)[] JsonStarts =
    [
        (BulkEmail, ValidBulkEmail), (Documents, ValidDocuments), (CrmSync, ValidCrmSync), (Reports, ValidReport), (Inference, ValidInference),
    ];

    /// <summary>Values that must never be taken for a string, a number, an object or a list.</summary>
    private static readonly JsonNode?[] WrongTypes =
    [
        JsonValue.Create(42), JsonValue.Create(-1.5), JsonValue.Create(true), JsonValue.Create("text"),
        new JsonArray(1, 2), new JsonObject { ["x"] = 1 },
    ];

    // Each is refused where an address, subject or name goes: line breaks (header injection),
    // bidirectional overrides and invisible characters (spoofing), NUL, a lone surrogate.
    private static readonly string[] HostileText =
    [
        "a@example.com\r\nBcc: victim@example.com", "Hi\nBcc: victim@example.com", "Hi\rX-Injected: 1",
        "x\u0000y", "evil\u202Emoc.elpmaxe@a", "a\u200B@example.com", "x\u2066y\u2069", "\uFEFFhidden",
        "a\u0085b", LoneSurrogate + "lonely", "Hi\u2028Bcc: victim@example.com", "a@example.com\u2029", "x\u000By",
    ];

    // Addresses that parse but are no host name (RFC 1035 labels, length limits) or break the
    // 64-octet local part; refused wherever an address goes.
    private static readonly string[] BadAddresses =
    [
        "a@-example.com", "a@example-.com", "a@mail.-example.com", "a@exa_mple.com", new string('l', 65) + "@example.com",
        "a@" + new string('d', 64) + ".com", "a@" + string.Join('.', Enumerable.Repeat(new string('d', 63), 4)) + ".com",
        "a@xn--.com", new string('\u00E4', 33) + "@example.com",
    ];

    // Look-alike senders: Latin mixed with Cyrillic or Greek in one label, also already in punycode.
    private static readonly string[] HomoglyphSenders =
    [
        "billing@p\u0430ypal.com", "billing@xn--pypal-4ve.com", "billing@g\u03BFogle.com", "bill\u0456ng@paypal.com",
    ];

    /// <summary>Forged or malformed <c>Host</c> headers; the test server answers only 127.0.0.1 (<c>AllowedHosts</c>).</summary>
    private static readonly string[] ForgedHosts = ["evil.example", "evil.example:443", "127.0.0.1.evil.example", "localhost"];

    // A JSON escape for half a surrogate pair: an encoder would turn the character itself into
    // U+FFFD, so the marker is swapped for the escape in the finished body (see Json()).
    private const string LoneSurrogate = "LONE-SURROGATE";

    private static readonly string[] TraversalNames =
    [
        "../secrets.csv", "uploads/../../etc/passwd", "uploads/..%2f..%2fetc%2fpasswd", "uploads/..\\..\\win.ini",
        "/etc/passwd", "uploads/a/../../b.csv", "uploads/./a.csv", "uploads/%2e%2e/a.csv", "uploads/", "uploads/.hidden",
        "C:\\Windows\\win.ini", "uploads/a.csv\u0000.pdf", "jobs/other-job/batches/00000.json", "results/other/not-sent.csv",
        "uploads/" + new string('a', 300) + ".csv",
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/jsonx", "text/json-not", "application/json-patch+json; x=", "image/png",
    ];

    public static IReadOnlyList<HostileRequest> All()
    {
        var corpus = new List<HostileRequest>();
        corpus.AddRange(Truncated(BulkEmail, ValidBulkEmail, 60));
        corpus.AddRange(Truncated(Documents, ValidDocuments, 30));
        corpus.AddRange(Truncated(CrmSync, ValidCrmSync, 20));
        corpus.AddRange(Truncated(Reports, ValidReport, 20));
        corpus.AddRange(Truncated(Inference, ValidInference, 20));
        corpus.AddRange(DeeplyNested());
        foreach (var (path, valid) in JsonStarts)
        {
            corpus.AddRange(WrongTypeForEveryField(path, valid));
        }

        corpus.AddRange(HostileTextInEveryTextField());
        corpus.AddRange(NumbersOutOfRange());
        corpus.AddRange(HugeStrings());
        corpus.AddRange(DuplicateKeys());
        corpus.AddRange(ContentTypes());
        corpus.AddRange(Traversal());
        corpus.AddRange(Callbacks());
        corpus.AddRange(OtherBodies());
        corpus.AddRange(BadAddressesInEveryAddressField());
        corpus.AddRange(ForgedHostHeaders());
        return corpus;
    }

    private static IEnumerable<HostileRequest> Truncated(string path, string valid, int count)
    {
        var compact = JsonNode.Parse(valid)!.ToJsonString();
        for (var i = 1; i <= count; i++)
        {
            var length = (int)((long)(compact.Length - 1) * i / count);
            yield return Json($"truncated at {length}", path, compact[..length]);
        }
    }

    private static IEnumerable<HostileRequest> DeeplyNested()
    {
        foreach (var depth in new[] { 17, 64, 1_000, 100_000 })
        {
            yield return Json($"arrays nested {depth} deep", BulkEmail, $$"""{"subject":"Hi","text":"x","recipients":{{new string('[', depth)}}{{new string(']', depth)}}}""");
            yield return Json($"objects nested {depth} deep as data", BulkEmail, $$"""{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com","data":{{string.Concat(Enumerable.Repeat("{\"a\":", depth))}}1{{new string('}', depth)}}}]}""");
            yield return Json($"operations nested {depth} deep", Documents, $$"""{"blob":"uploads/a.pdf","operations":{{new string('[', depth)}}{{new string(']', depth)}}}""");
        }
    }

    private static IEnumerable<HostileRequest> WrongTypeForEveryField(string path, string valid)
    {
        foreach (var (field, _) in Leaves(JsonNode.Parse(valid)!, string.Empty))
        {
            foreach (var wrong in WrongTypes)
            {
                var body = JsonNode.Parse(valid)!;
                if (Replace(body, field, wrong?.DeepClone()) && !IsSameKind(Get(JsonNode.Parse(valid)!, field), wrong))
                {
                    yield return Json($"{field} as {wrong?.GetValueKind()}", path, body.ToJsonString());
                }
            }
        }
    }

    private static IEnumerable<HostileRequest> HostileTextInEveryTextField()
    {
        string[] fields = ["subject", "from.email", "from.name", "recipients[0].email", "recipients[0].name", "notifyEmail"];
        foreach (var field in fields)
        {
            foreach (var text in HostileText)
            {
                var body = JsonNode.Parse(ValidBulkEmail)!;
                Replace(body, field, JsonValue.Create(text));
                yield return Json($"{field} = {Visible(text)}", BulkEmail, body.ToJsonString());
            }
        }
    }

    private static IEnumerable<HostileRequest> BadAddressesInEveryAddressField()
    {
        foreach (var field in new[] { "from.email", "recipients[0].email", "notifyEmail" })
        {
            foreach (var address in BadAddresses)
            {
                var body = JsonNode.Parse(ValidBulkEmail)!;
                Replace(body, field, JsonValue.Create(address));
                yield return Json($"{field} = {Visible(address)[..Math.Min(40, Visible(address).Length)]}", BulkEmail, body.ToJsonString());
            }
        }

        foreach (var (path, valid) in new[] { (CrmSync, ValidCrmSync), (Reports, ValidReport), (Inference, ValidInference) })
        {
            foreach (var address in BadAddresses)
            {
                var body = JsonNode.Parse(valid)!;
                Replace(body, "notifyEmail", JsonValue.Create(address));
                yield return Json($"notifyEmail = {Visible(address)[..Math.Min(40, Visible(address).Length)]}", path, body.ToJsonString());
            }
        }

        foreach (var sender in HomoglyphSenders)
        {
            var body = JsonNode.Parse(ValidBulkEmail)!;
            Replace(body, "from.email", JsonValue.Create(sender));
            yield return Json($"from.email look-alike {Visible(sender)}", BulkEmail, body.ToJsonString());
        }
    }

    private static IEnumerable<HostileRequest> ForgedHostHeaders()
    {
        foreach (var host in ForgedHosts)
        {
            foreach (var (path, valid) in JsonStarts)
            {
                yield return Json($"Host: {host}", path, valid) with { Host = host };
            }

            yield return new HostileRequest($"upload with Host: {host}", HttpMethod.Post, Uploads, "text/csv", "email\na@example.com\n"u8.ToArray()) { Host = host };
            yield return new HostileRequest($"status with Host: {host}", HttpMethod.Get, "/api/jobs/some-job", null, []) { Host = host };
        }
    }

    private static IEnumerable<HostileRequest> NumbersOutOfRange()
    {
        string[] numbers = ["-1", "0", "1001", "2147483648", "-2147483649", "1e308", "1e999", "1.5", "-0.0001", "99999999999999999999999", "0x10", "NaN", "Infinity", "01"];
        foreach (var field in new[] { "batchSize", "maxParallelBatches" })
        {
            foreach (var number in numbers)
            {
                var compact = JsonNode.Parse(ValidBulkEmail)!.ToJsonString();
                var valid = $"\"{field}\":{(field == "batchSize" ? "10" : "2")}";
                yield return Json($"{field} = {number}", BulkEmail, compact.Replace(valid, $"\"{field}\":{number}", StringComparison.Ordinal));
            }
        }

        foreach (var number in new[] { "0", "-1", "201", "2147483648", "1.5", "1e999" })
        {
            yield return Json($"pagesPerActivity = {number}", Documents, ValidDocuments.Replace("\"pagesPerActivity\":5", $"\"pagesPerActivity\":{number}", StringComparison.Ordinal));
        }

        foreach (var widths in new[] { "[0]", "[-256]", "[100000]", "[1,2,3,4,5,6,7,8,9]", "[256,256]", "[]", "[1.5]" })
        {
            yield return Json($"resize widths {widths}", Documents, $$"""{"blob":"uploads/0123456789abcdef.png","operations":[{"type":"resize","widths":{{widths}}}]}""");
        }
    }

    private static IEnumerable<HostileRequest> HugeStrings()
    {
        foreach (var (field, size) in new[] { ("subject", 10_000), ("subject", 900_000), ("recipients[0].email", 5_000), ("recipients[0].name", 100_000), ("from.name", 50_000), ("notifyEmail", 100_000), ("templateId", 10_000), ("html", 300_000) })
        {
            var body = JsonNode.Parse(ValidBulkEmail)!;
            Replace(body, field, JsonValue.Create(new string('x', size)));
            yield return Json($"{field} of {size} characters", BulkEmail, body.ToJsonString());
        }

        yield return Json("a body of 2 MiB", BulkEmail, $$"""{"subject":"Hi","text":"{{new string('x', 2 * 1024 * 1024)}}","recipients":[{"email":"a@example.com"}]}""");
        yield return Json("a documents body of 2 MiB", Documents, $$"""{"blob":"{{new string('x', 2 * 1024 * 1024)}}"}""");
        yield return Json("1,001 inline recipients", BulkEmail, $$"""{"subject":"Hi","text":"x","recipients":[{{string.Join(',', Enumerable.Range(0, 1001).Select(i => $$"""{"email":"u{{i}}@example.com"}"""))}}]}""");
        var fields = string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"k{i}\":\"v\""));
        yield return Json("10,000 data fields on one recipient", BulkEmail, "{\"subject\":\"Hi\",\"text\":\"x\",\"recipients\":[{\"email\":\"a@example.com\",\"data\":{" + fields + "}}]}");
    }

    private static IEnumerable<HostileRequest> DuplicateKeys()
    {
        string[] bodies =
        [
            """{"subject":"Hi","subject":"Bye","text":"x","recipients":[{"email":"a@example.com"}]}""",
            """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com","email":"b@example.com"}]}""",
            """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"recipients":[{"email":"b@example.com"}]}""",
            """{"subject":"Hi","text":"x","from":{"email":"a@example.com","email":"b@example.com"},"recipients":[{"email":"a@example.com"}]}""",
            """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com","data":{"k":"1","k":"2"}}]}""",
            """{"subject":"Hi","text":"x","Subject":"Bye","recipients":[{"email":"a@example.com"}]}""",
        ];
        foreach (var body in bodies)
        {
            yield return Json($"duplicate key in {body[..Math.Min(40, body.Length)]}", BulkEmail, body);
        }

        yield return Json("duplicate blob", Documents, """{"blob":"uploads/a.pdf","blob":"uploads/b.pdf"}""");
        yield return Json("unknown property", Documents, """{"blob":"uploads/a.pdf","blobb":"x"}""");
        yield return Json("unknown property deep", BulkEmail, """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com","mail":"x"}]}""");
        yield return Json("__proto__ pollution", BulkEmail, """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"__proto__":{"admin":true}}""");
    }

    private static IEnumerable<HostileRequest> ContentTypes()
    {
        foreach (var (path, valid) in JsonStarts)
        {
            foreach (var contentType in WrongContentTypes)
            {
                yield return new HostileRequest($"{contentType} body", HttpMethod.Post, path, contentType, Encoding.UTF8.GetBytes(valid));
            }

            yield return new HostileRequest("no content type", HttpMethod.Post, path, null, Encoding.UTF8.GetBytes(valid));
            yield return new HostileRequest("UTF-16 JSON", HttpMethod.Post, path, "application/json; charset=utf-16", Encoding.Unicode.GetBytes(valid));
            yield return new HostileRequest("invalid UTF-8", HttpMethod.Post, path, "application/json", [0x7B, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]);
            yield return new HostileRequest("binary garbage", HttpMethod.Post, path, "application/json", Enumerable.Range(0, 512).Select(i => (byte)(i * 37)).ToArray());
            yield return Json("empty body", path, string.Empty);
            yield return Json("whitespace body", path, "   \n\t ");
            yield return Json("null", path, "null");
            yield return Json("a number", path, "42");
            yield return Json("a string", path, "\"job\"");
            yield return Json("an array", path, "[]");
            yield return Json("two objects", path, "{}{}");
            yield return Json("a comment", path, "/* hi */ {}");
            yield return Json("trailing comma", path, """{"subject":"Hi",}""");
            yield return Json("single quotes", path, "{'subject':'Hi'}");
        }

        foreach (var contentType in new[] { "application/x-msdownload", "text/html", "application/javascript", "image/svg+xml", "application/x-sh" })
        {
            yield return new HostileRequest($"upload as {contentType}", HttpMethod.Post, Uploads, contentType, "<script>alert(1)</script>"u8.ToArray());
        }

        yield return new HostileRequest("upload without a content type", HttpMethod.Post, Uploads, null, "email\na@example.com\n"u8.ToArray());
    }

    private static IEnumerable<HostileRequest> Traversal()
    {
        foreach (var name in TraversalNames)
        {
            yield return Json($"recipientsBlob {Visible(name)}", BulkEmail, new JsonObject { ["subject"] = "Hi", ["text"] = "x", ["recipientsBlob"] = name }.ToJsonString());
            yield return Json($"documents blob {Visible(name)}", Documents, new JsonObject { ["blob"] = name }.ToJsonString());
            yield return Json($"crm-sync blob {Visible(name)}", CrmSync, new JsonObject { ["blob"] = name }.ToJsonString());
            yield return Json($"inference blob {Visible(name)}", Inference, new JsonObject { ["blob"] = name, ["mode"] = "chat" }.ToJsonString());
            yield return Json($"report of job {Visible(name)}", Reports, new JsonObject { ["report"] = "email-delivery", ["jobId"] = name }.ToJsonString());
        }

        string[] ids = ["..", "..%2F..%2Fetc", "%2e%2e", "a%00b", new string('a', 500), "job%0d%0aX-Injected:1", "a%2Fb", "a b"];
        foreach (var id in ids)
        {
            yield return new HostileRequest($"job id {id[..Math.Min(20, id.Length)]}", HttpMethod.Get, $"/api/jobs/{id}", null, []);
            yield return new HostileRequest($"cancel id {id[..Math.Min(20, id.Length)]}", HttpMethod.Post, $"/api/jobs/{id}/cancel", null, []);
            yield return new HostileRequest($"deliveries id {id[..Math.Min(20, id.Length)]}", HttpMethod.Get, $"/api/jobs/{id}/deliveries", null, []);
            yield return new HostileRequest($"redeliver id {id[..Math.Min(20, id.Length)]}", HttpMethod.Post, $"/api/jobs/{id}/deliveries/{id}/redeliver", null, []);
            yield return new HostileRequest($"events id {id[..Math.Min(20, id.Length)]}", HttpMethod.Get, $"/api/jobs/{id}/events", null, []);
            yield return new HostileRequest($"result of {id[..Math.Min(20, id.Length)]}", HttpMethod.Get, $"/api/jobs/some-job/results/{id}", null, []);
        }

        foreach (var name in new[] { "..%2F..%2F..%2Fetc%2Fpasswd", "../../../etc/passwd", "%2e%2e%2f%2e%2e%2fsecrets", "..\\..\\x", "a/../../../b" })
        {
            yield return new HostileRequest($"download {name}", HttpMethod.Get, $"/api/jobs/some-job/results/{name}", null, []);
        }
    }

    private static IEnumerable<HostileRequest> Callbacks()
    {
        string[] urls =
        [
            "http://example.com/hook", "https://127.0.0.1/hook", "https://10.0.0.1/", "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/", "https://localhost/", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)",
            "https://user:pass@example.com/", "//example.com/hook", "https://", "https://example.com/" + new string('a', 3000),
            "https://exa mple.com/", "https://example.com/\r\nX-Injected: 1",
        ];
        foreach (var url in urls)
        {
            yield return Json($"callback {Visible(url)[..Math.Min(40, url.Length)]}", BulkEmail, new JsonObject
            {
                ["subject"] = "Hi",
                ["text"] = "x",
                ["recipients"] = new JsonArray(new JsonObject { ["email"] = "a@example.com" }),
                ["callback"] = new JsonObject { ["url"] = url },
            }.ToJsonString());
        }

        foreach (var events in new[] { """["job.started"]""", """["JOB.COMPLETED"]""", """[null]""", """[1]""", "\"job.completed\"" })
        {
            yield return Json($"callback events {events}", BulkEmail, """{"subject":"Hi","text":"x","recipients":[{"email":"a@example.com"}],"callback":{"url":"https://93.184.215.14/h","events":""" + events + "}}");
        }
    }

    private static IEnumerable<HostileRequest> OtherBodies()
    {
        foreach (var text in HostileText)
        {
            yield return Json($"cancel reason {Visible(text)}", "/api/jobs/some-job/cancel", new JsonObject { ["reason"] = text }.ToJsonString());
            yield return Json($"cancel requestedBy {Visible(text)}", "/api/jobs/some-job/cancel", new JsonObject { ["requestedBy"] = text }.ToJsonString());
            yield return Json($"data key {Visible(text)}", BulkEmail, new JsonObject
            {
                ["subject"] = "Hi",
                ["text"] = "x",
                ["recipients"] = new JsonArray(new JsonObject { ["email"] = "a@example.com", ["data"] = new JsonObject { [text] = "v" } }),
            }.ToJsonString());
        }

        foreach (var type in new[] { "\"ocr\"", "\"\"", "null", "42", "\"EXTRACTTEXT\"", "\"extractText\u0000\"", "[\"resize\"]", "{}" })
        {
            yield return Json($"operation type {type}", Documents, "{\"blob\":\"uploads/0123456789abcdef.pdf\",\"operations\":[{\"type\":" + type + "}]}");
        }

        yield return Json("cancel with an unknown field", "/api/jobs/some-job/cancel", """{"why":"x"}""");
        yield return Json("cancel with a reason of 10,000 characters", "/api/jobs/some-job/cancel", new JsonObject { ["reason"] = new string('r', 10_000) }.ToJsonString());
    }

    private static HostileRequest Json(string name, string path, string body) =>
        new(name, HttpMethod.Post, path, "application/json", Encoding.UTF8.GetBytes(body.Replace(LoneSurrogate, "\\ud800", StringComparison.Ordinal)));

    private static string Visible(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString()));

    private static IEnumerable<(string Path, JsonNode? Node)> Leaves(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    yield return (childPath, child);
                    if (child is not null)
                    {
                        foreach (var leaf in Leaves(child, childPath))
                        {
                            yield return leaf;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var childPath = $"{path}[{i}]";
                    yield return (childPath, array[i]);
                    if (array[i] is { } child)
                    {
                        foreach (var leaf in Leaves(child, childPath))
                        {
                            yield return leaf;
                        }
                    }
                }

                break;
        }
    }

    private static JsonNode? Get(JsonNode root, string path)
    {
        var node = root;
        foreach (var (key, index) in Steps(path))
        {
            node = index is { } i ? node?[i] : node?[key];
        }

        return node;
    }

    /// <summary>Replaces the value at a path such as <c>recipients[0].email</c>; false when the path does not exist.</summary>
    private static bool Replace(JsonNode root, string path, JsonNode? value)
    {
        var steps = Steps(path).ToList();
        var parent = root;
        foreach (var (key, index) in steps[..^1])
        {
            parent = index is { } i ? parent?[i] : parent?[key];
        }

        var (lastKey, lastIndex) = steps[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[lastKey] = value;
                return true;
            case JsonArray array when lastIndex is { } i && i < array.Count:
                array[i] = value;
                return true;
            default:
                return false;
        }
    }

    private static IEnumerable<(string Key, int? Index)> Steps(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                yield return (part, null);
                continue;
            }

            yield return (part[..bracket], null);
            yield return (string.Empty, int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static bool IsSameKind(JsonNode? original, JsonNode? replacement) =>
        original?.GetValueKind() == replacement?.GetValueKind()
        || (original?.GetValueKind() is System.Text.Json.JsonValueKind.Number && replacement?.GetValueKind() is System.Text.Json.JsonValueKind.Number);
}
