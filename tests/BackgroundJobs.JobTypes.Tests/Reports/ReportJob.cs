using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using BackgroundJobs.Server.Tests;

namespace BackgroundJobs.JobTypes.Tests.Reports;

/// <summary>Starts a report over HTTP, follows it to the end and downloads its file through the job view's link.</summary>
internal sealed class ReportJob : FinishedJob
{
    private ReportJob(FinishedJob finished)
        : base(finished)
    {
    }

    public long Rows => Result.GetProperty("rows").GetInt64();

    public static async Task<ReportJob> RunAsync(ServerHost server, object body, TimeSpan? timeout = null) =>
        new(await StartAndFollowAsync(server, "/api/jobs/reports", body, "reports", timeout ?? TimeSpan.FromSeconds(90)));

    /// <summary>The job view's only file, fetched through its link (SAS or proxied), as bytes.</summary>
    public async Task<byte[]> DownloadAsync(ServerHost server, string extension)
    {
        var file = Assert.Single(View.GetProperty("files").EnumerateArray());
        Assert.EndsWith(extension, file.GetProperty("name").GetString()!, StringComparison.Ordinal);
        var url = new Uri(file.GetProperty("url").GetString()!);
        using var anonymous = new HttpClient();

        // A SAS link needs no key; the proxied route does.
        return url.Query.Contains("sig=", StringComparison.Ordinal) ? await anonymous.GetByteArrayAsync(url) : await server.Http.GetByteArrayAsync(url);
    }

    /// <summary>The downloaded CSV read by an independent RFC 4180 reader (CsvHelper): header, then each record by column name.</summary>
    public static List<Dictionary<string, string>> ParseCsv(byte[] file)
    {
        Assert.True(file.AsSpan().StartsWith("\uFEFF"u8), "the CSV starts with a UTF-8 byte order mark");
        using var reader = new StringReader(Encoding.UTF8.GetString(file.AsSpan(3)));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.Select((name, i) => (name, value: csv.GetField(i)!)).ToDictionary(p => p.name, p => p.value));
        }

        return rows;
    }
}
