using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BackgroundJobs.StandIns;
using BackgroundJobs.TestHelpers;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using BackgroundJobs.Server.Tests;

namespace BackgroundJobs.JobTypes.Tests.Reports;

/// <summary>
/// What both engines' end-to-end tests run: real bulk e-mail jobs to the SendGrid stand-in (one
/// batch refused by the provider, an invalid row, names with commas, quotes and
/// non-Latin text), then email-delivery and job-history reports in CSV and XLSX, downloaded through
/// their links and read back as a user would.
/// </summary>
internal static class ReportScenario
{
    // Row 4 is invalid; names carry every CSV hazard; one address starts with '=' (a formula in a spreadsheet).
    public const string RecipientsCsv =
        "email,name\n" +
        "ada@example.com,\"Lovelace, Ada\"\n" +
        "grace@example.com,\"Grace \"\"Amazing\"\" Hopper\"\n" +
        "not-an-address,Nobody\n" +
        "linus@example.com,\"Torvalds, Linus, Jr.\"\n" +
        "jose@example.com,José Müller 李雷 🚀\n" +
        "=cmd@example.com,Formula\n" +
        "ken@example.com,Ken\n";

    public static async Task<(string JobId, DateTimeOffset StartedAfter)> RunBulkEmailWithOneRefusedBatchAsync(ServerHost server, SendGridStandIn sendGrid)
    {
        var startedAfter = DateTimeOffset.UtcNow.AddSeconds(-1);
        var blob = await server.UploadAsync(RecipientsCsv);

        // The provider refuses the first request it gets (a 400 is not retried), so one batch of two fails.
        sendGrid.EnqueueFault(400, "The from address does not match a verified Sender Identity.");
        using var start = await server.PostJsonAsync("/api/jobs/bulk-email", new { subject = "Hello {{name}}", text = "Hi", recipientsBlob = blob, batchSize = 2, maxParallelBatches = 1 });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, start.StatusCode);
        var accepted = await start.Content.ReadFromJsonAsync<JsonElement>();
        var status = await server.FollowStatusAsync(start.Headers.Location!, TimeSpan.FromSeconds(90));
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        return (accepted.GetProperty("id").GetString()!, startedAfter);
    }

    /// <summary>The email-delivery CSV: every recipient once, with the outcome the provider gave its batch.</summary>
    public static async Task AssertEmailDeliveryCsvAsync(ServerHost server, SendGridStandIn sendGrid, string bulkJobId)
    {
        var report = await ReportJob.RunAsync(server, new { report = "email-delivery", jobId = bulkJobId });

        Assert.Equal("Completed", report.RuntimeStatus);
        Assert.Equal(7, report.Rows);
        var rows = ReportJob.ParseCsv(await report.DownloadAsync(server, "/email-delivery.csv"));
        Assert.Equal(7, rows.Count);
        Assert.Equal(["email", "name", "status", "batch", "statusCode", "detail"], rows[0].Keys);

        var accepted = sendGrid.AcceptedRecipients.ToHashSet(StringComparer.Ordinal);
        var sent = rows.Where(r => r["status"] == "sent").ToList();
        var failed = rows.Where(r => r["status"] == "failed").ToList();
        Assert.Equal(4, sent.Count);
        Assert.All(sent, r => Assert.Contains(r["email"].TrimStart('\''), accepted));
        Assert.Equal(2, failed.Count);
        Assert.All(failed, r =>
        {
            Assert.DoesNotContain(r["email"].TrimStart('\''), accepted);
            Assert.Equal("400", r["statusCode"]);
            Assert.NotEmpty(r["detail"]);
        });
        Assert.Single(failed.Select(r => r["batch"]).Distinct());

        var invalid = Assert.Single(rows, r => r["status"] == "invalid");
        Assert.Equal("not-an-address", invalid["email"]);
        Assert.StartsWith("row 4: ", invalid["detail"], StringComparison.Ordinal);

        // Quoting survives the round trip; the formula-like address is defused with an apostrophe.
        Assert.Equal("Lovelace, Ada", rows.Single(r => r["email"] == "ada@example.com")["name"]);
        Assert.Equal("Grace \"Amazing\" Hopper", rows.Single(r => r["email"] == "grace@example.com")["name"]);
        Assert.Equal("Torvalds, Linus, Jr.", rows.Single(r => r["email"] == "linus@example.com")["name"]);
        Assert.Equal("José Müller 李雷 🚀", rows.Single(r => r["email"] == "jose@example.com")["name"]);
        Assert.Contains(rows, r => r["email"] == "'=cmd@example.com");
    }

    /// <summary>The job-history CSV over the test's minutes: the bulk e-mail job and the email-delivery report, newest first.</summary>
    public static async Task AssertJobHistoryCsvAsync(ServerHost server, string bulkJobId, DateTimeOffset startedAfter)
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(1);
        var report = await ReportJob.RunAsync(server, new { report = "job-history", from = Iso(startedAfter), to = Iso(to) });

        Assert.Equal("Completed", report.RuntimeStatus);
        var rows = ReportJob.ParseCsv(await report.DownloadAsync(server, "/job-history.csv"));
        Assert.Equal(["id", "type", "status", "createdAt", "endedAt", "durationSeconds", "errorType", "errorMessage"], rows[0].Keys);
        var bulk = Assert.Single(rows, r => r["id"] == bulkJobId);
        Assert.Equal(("bulk-email", "completed", string.Empty), (bulk["type"], bulk["status"], bulk["errorType"]));
        var created = DateTimeOffset.Parse(bulk["createdAt"], CultureInfo.InvariantCulture);
        var ended = DateTimeOffset.Parse(bulk["endedAt"], CultureInfo.InvariantCulture);
        Assert.InRange(created, startedAfter, to);
        Assert.True(ended >= created);
        Assert.Equal((ended - created).TotalSeconds, double.Parse(bulk["durationSeconds"], CultureInfo.InvariantCulture), 0.002);

        // The earlier report is listed too, and the list is newest first; the running report itself may be.
        Assert.Contains(rows, r => r["type"] == "reports" && r["status"] == "completed");
        var times = rows.Select(r => DateTimeOffset.Parse(r["createdAt"], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());
    }

    /// <summary>The email-delivery XLSX opens with the OpenXml SDK, validates without errors, and holds the same rows.</summary>
    public static async Task AssertEmailDeliveryXlsxAsync(ServerHost server, string bulkJobId)
    {
        var report = await ReportJob.RunAsync(server, new { report = "email-delivery", jobId = bulkJobId, format = "xlsx" });

        Assert.Equal("Completed", report.RuntimeStatus);
        var file = await report.DownloadAsync(server, "/email-delivery.xlsx");
        var rows = ReadXlsx(file);
        Assert.Equal(8, rows.Count);
        Assert.Equal(["email", "name", "status", "batch", "statusCode", "detail"], rows[0]);
        Assert.Contains(rows, r => r[0] == "=cmd@example.com" && r[2] == "sent");
        Assert.Contains(rows, r => r[0] == "jose@example.com" && r[1] == "José Müller 李雷 🚀");
        Assert.Contains(rows, r => r[0] == "ada@example.com" && r[1] == "Lovelace, Ada");
        Assert.Equal(2, rows.Count(r => r[2] == "failed" && r[4] == "400"));
    }

    /// <summary>Every row's cell texts, after <see cref="OpenXmlValidator"/> finds no error in the package.</summary>
    public static List<string[]> ReadXlsx(byte[] file)
    {
        using var stream = new MemoryStream(file);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var rows = new List<string[]>();
        foreach (var worksheet in document.WorkbookPart!.WorksheetParts.OrderBy(p => document.WorkbookPart.GetIdOfPart(p), StringComparer.Ordinal))
        {
            foreach (var row in worksheet.Worksheet.Descendants<Row>())
            {
                var cells = new string[6];
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference!.Value!.TrimEnd("0123456789".ToCharArray());
                    cells[column[0] - 'A'] = cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.Text!.Text : cell.CellValue!.Text;
                }

                rows.Add(cells);
            }
        }

        return rows;
    }

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
