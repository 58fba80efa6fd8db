using System.CommandLine;
using Microsoft.Extensions.Logging;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Local.Cli;

/// <summary>
/// <c>host</c>: runs the app's functions against a Kafka and a storage account until Ctrl+C or SIGTERM, as
/// <c>func start</c> does: the local host starts the worker (again, should it die), joins the consumer groups and runs
/// the timers. Several hosts of one app share the consumer groups, as a scaled-out app does.
/// </summary>
internal static class HostCommand
{
    public const string Name = "host";

    /// <summary>The line printed whenever a worker is ready: <c>worker: process N (start K)</c>.</summary>
    public const string WorkerPrefix = "worker: process ";

    /// <summary>The line printed whenever a consumer-group member's partitions change: <c>assigned: FUNCTION [0,3,5]</c>.</summary>
    public const string AssignedPrefix = "assigned: ";

    public static Command Create(Functions.ServerlessStreamsApp app)
    {
        var job = JobOption.Create();
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers.", Required = true };
        var storage = new Option<string>("--storage") { Description = "Storage connection string (Azurite or Azure).", Required = true };
        var sessionTimeout = new Option<int?>("--session-timeout")
        {
            Description = "Seconds a consumer may be silent before its group gives its partitions to the others (default: the client's).",
        };
        var batchWait = new Option<int>("--batch-wait")
        {
            Description = "Milliseconds a trigger batch waits for more records after its first.",
            DefaultValueFactory = _ => 200,
        };
        var command = new Command(Name, "Run the app's functions against a Kafka and a storage account until Ctrl+C, as func start does.")
        {
            job, bootstrap, storage, sessionTimeout, batchWait,
        };
        command.SetAction(async (parse, ct) =>
        {
            var specFile = JobOption.File(parse, job, app);
            var spec = app.LoadJob(specFile, Console.Error);
            if (spec is null) return Functions.ServerlessStreamsApp.InvalidJobExitCode;

            var workDirectory = Directory.CreateTempSubdirectory("serverlessstreams-host-").FullName;
            try
            {
                // Warnings and errors of the host (a worker that ended, a restart that failed) on the console, one line each.
                using var logging = LoggerFactory.Create(log => log.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
                var settings = LocalPipeline.AppSettingsFor(spec, parse.GetValue(bootstrap)!, specFile.FullName, parse.GetValue(storage));
                await using var host = new LocalTriggerHost(new LocalTriggerHostOptions
                {
                    AppDirectory = JobAppFolder.Prepare(FunctionAppFolder.Locate(), spec, Path.Combine(workDirectory, "app")),
                    AppSettings = settings,
                    MaxBatchWait = TimeSpan.FromMilliseconds(parse.GetValue(batchWait)),
                    ConsumerSessionTimeout = parse.GetValue(sessionTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    LoggerFactory = logging,
                });
                host.Worker.WorkerReady += start => Console.WriteLine($"{WorkerPrefix}{host.Worker.WorkerProcessId} (start {start})");
                await host.StartAsync(ct);
                Console.WriteLine($"host: process {Environment.ProcessId} runs job '{spec.Name}'; Ctrl+C stops");
                using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var watching = PrintChangesAsync(host, stopWatching.Token);
                var summary = await host.RunAsync(ct);
                await stopWatching.CancelAsync();
                await watching;
                Console.WriteLine(summary.StatusLine());
                return 0;
            }
            finally
            {
                try
                {
                    Directory.Delete(workDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary folder left behind is harmless.
                }
            }
        });
        return command;
    }

    /// <summary>
    /// Prints each Kafka-triggered function's partitions whenever its group gives it others (a rebalance), and the
    /// host's status line every ten seconds when it changed.
    /// </summary>
    private static async Task PrintChangesAsync(LocalTriggerHost host, CancellationToken stop)
    {
        var printed = new Dictionary<string, string>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var ticks = 0;
        string? status = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (++ticks % 40 == 0 && host.Status().StatusLine() is var line && line != status) Console.WriteLine(status = line);
                foreach (var function in host.Status().Functions.Where(f => f.AssignedPartitions is not null))
                {
                    var partitions = "[" + string.Join(',', function.AssignedPartitions!) + "]";
                    if (printed.GetValueOrDefault(function.FunctionName) == partitions) continue;
                    printed[function.FunctionName] = partitions;
                    Console.WriteLine($"{AssignedPrefix}{function.FunctionName} {partitions}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the host.
        }
    }
}
