using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using BackgroundJobs.Client.Jobs;
using BackgroundJobs.Client.Requests;
using System.Xml;

namespace BackgroundJobs.Bench;

/// <summary>
/// The <c>report</c> figure: a report of the synthetic source through the whole job (HTTP start,
/// part activities, merge, upload to the blob store), with the process's working set and GC heap
/// sampled every 50 ms while it runs. Run one size per process: the peak of a process never falls.
/// </summary>
internal static class ReportBench
{
    public static async Task RunAsync(BenchServer server, int rows, string format, string engine)
    {
        // Warm-up: JIT of the writers, the merge and the blob store, on a report a hundredth the size.
        await RunReportAsync(server, SyntheticReportSource.WarmUpName, format);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peakWorkingSet = 0;
        long peakGcHeap = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakGcHeap = Math.Max(peakGcHeap, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(50);
            }
        });

        var clock = Stopwatch.StartNew();
        var (output, files) = await RunReportAsync(server, SyntheticReportSource.ReportName, format);
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();

        var fileRows = await CountRowsAsync(server, files, format);
        var reportedRows = output.GetProperty("rows").GetInt64();
        if (reportedRows != rows || fileRows != rows)
        {
            throw new InvalidOperationException($"Expected {rows} rows; the job says {reportedRows}, the file holds {fileRows}.");
        }

        const double MiB = 1024 * 1024;
        Report.Line("report", new
        {
            engine,
            format,
            rows,
            gc = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation",
            seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            rowsPerSecond = Math.Round(rows / clock.Elapsed.TotalSeconds),
            fileBytes = output.GetProperty("bytes").GetInt64(),
            parts = output.GetProperty("parts").GetInt32(),
            workingSetBeforeMiB = Math.Round(before / MiB, 1),
            peakWorkingSetMiB = Math.Round(peakWorkingSet / MiB, 1),
            processPeakWorkingSetMiB = Math.Round(process.PeakWorkingSet64 / MiB, 1),
            peakGcHeapMiB = Math.Round(peakGcHeap / MiB, 1),
        });
    }

    private static async Task<(JsonElement Output, IReadOnlyList<JobResultFile> Files)> RunReportAsync(BenchServer server, string report, string format)
    {
        var start = await server.Jobs.StartReportAsync(new ReportJobRequest { Report = report, Format = format });
        var job = await JobStarts.WaitForCompletionAsync(server.Jobs, start.Id);
        return (job.Result!.Value, job.Files!);
    }

    // Streams the file from its link and counts its data rows: CSV lines, or XLSX <row> elements read with an XmlReader.
    private static async Task<long> CountRowsAsync(BenchServer server, IReadOnlyList<JobResultFile> files, string format)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-report-{Guid.NewGuid():N}.{format}");
        try
        {
            await using (var file = File.Create(path))
            {
                await server.Jobs.DownloadResultAsync(files.Single(), file);
            }

            long count = 0;
            if (format == "csv")
            {
                // Every synthetic field is one line; a record is a CRLF-ended line.
                using var reader = new StreamReader(path);
                while (await reader.ReadLineAsync() is not null)
                {
                    count++;
                }

                return count - 1;
            }

            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
            {
                await using var sheet = entry.Open();
                using var xml = XmlReader.Create(sheet, new XmlReaderSettings { Async = true });
                while (await xml.ReadAsync())
                {
                    count += xml.NodeType == XmlNodeType.Element && xml.LocalName == "row" ? 1 : 0;
                }

                count--;
            }

            return count;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
