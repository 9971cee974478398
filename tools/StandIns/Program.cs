using System.Globalization;
using BackgroundJobs.StandIns;

// Runs one of the stand-ins the tests use, so the CRM sync, inference and e-mail can be tried
// locally: `dotnet run --project tools/StandIns -- crm|model|sendgrid --port N`. It prints where it
// listens and the settings that point the server at it, then serves until Ctrl+C.
const string Usage = "usage: dotnet run --project tools/StandIns -- crm|model|sendgrid [--port N]";
var kind = args.FirstOrDefault()?.ToLowerInvariant();
var port = 0;
var portAt = Array.IndexOf(args, "--port");
if (kind is not ("crm" or "model" or "sendgrid")
    || (portAt >= 0 && (portAt + 1 >= args.Length || !int.TryParse(args[portAt + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

IAsyncDisposable standIn;
string[] settings;
switch (kind)
{
    case "crm":
        var crm = await CrmStandIn.StartAsync(port);
        (standIn, settings) = (crm, [$"Crm__BaseUrl={crm.BaseUrl}", "Crm__ApiKey=any-key"]);
        break;
    case "model":
        var model = await ModelStandIn.StartAsync(port);
        (standIn, settings) = (model, [$"Inference__BaseUrl={model.BaseUrl}", $"Inference__ApiKey={ModelStandIn.ApiKey}", $"Inference__Model={ModelStandIn.ChatModel}"]);
        break;
    default:
        var sendGrid = await SendGridStandIn.StartAsync(port);
        (standIn, settings) = (sendGrid, [$"SendGrid__BaseUrl={sendGrid.BaseUrl}", "SendGrid__ApiKey=SG.any-key"]);
        break;
}

await using (standIn)
{
    Console.WriteLine($"{kind} stand-in listening; start the server with:");
    foreach (var setting in settings)
    {
        Console.WriteLine($"  export {setting}");
    }

    Console.WriteLine("Ctrl+C stops it.");
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C or SIGTERM: stop listening and exit.
    }
}

return 0;
