using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessStreams.Local.Azurite;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>
/// The processes of a chaos run and the faults done to them: the embedded Kafka (<c>kafka-dev</c>, three brokers) and
/// Azurite (data on disk) each in a process of its own, and up to <see cref="Slots"/> instances of the app, each a
/// local host process (<c>host</c>) that starts its own worker process.
/// </summary>
internal sealed partial class ChaosCluster : IAsyncDisposable
{
    public const int Slots = 3;
    public const int Brokers = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly string _appDll;
    private readonly string _jobPath;
    private readonly string _azuriteLocation;
    private readonly Stopwatch _clock;
    private readonly AppProcess?[] _hosts = new AppProcess?[Slots];
    private readonly List<AppProcess> _ended = [];
    private AppProcess _kafka = null!;
    private AzuriteInstance _azurite = null!;

    private ChaosCluster(string appDll, string jobPath, string azuriteLocation, Stopwatch clock)
    {
        _appDll = appDll;
        _jobPath = jobPath;
        _azuriteLocation = azuriteLocation;
        _clock = clock;
    }

    public string BootstrapServers { get; private set; } = "";
    public string StorageConnectionString => _azurite.ConnectionString;
    public ChaosTally Tally { get; } = new();

    /// <summary>The instances running now, by slot.</summary>
    public IReadOnlyList<int> RunningSlots => [.. Enumerable.Range(0, Slots).Where(i => _hosts[i] is { HasExited: false })];

    /// <summary>Every host process of the run, those that ended included.</summary>
    public IEnumerable<AppProcess> AllHosts => _ended.Concat(_hosts.OfType<AppProcess>());

    public static async Task<ChaosCluster> StartAsync(string appDll, string jobPath, string workDirectory,
        IEnumerable<(string Topic, int Partitions)> topics, Stopwatch clock)
    {
        var location = Path.Combine(workDirectory, "azurite");
        Directory.CreateDirectory(location);
        var cluster = new ChaosCluster(appDll, jobPath, location, clock);
        cluster._azurite = await AzuriteRunner.StartAsync(new AzuriteSetup { Location = location });
        string[] arguments = ["kafka-dev", "--brokers", Brokers.ToString(CultureInfo.InvariantCulture), "--control",
            .. topics.SelectMany(t => new[] { "--topic", $"{t.Topic}:{t.Partitions}" })];
        cluster._kafka = AppProcess.Start(appDll, "kafka-dev", clock, arguments);
        var bootstrap = await cluster._kafka.WaitForLineAsync(l => l.StartsWith("bootstrap: ", StringComparison.Ordinal), StartTimeout, "its bootstrap address");
        cluster.BootstrapServers = bootstrap["bootstrap: ".Length..];
        return cluster;
    }

    /// <summary>Starts an instance in <paramref name="slot"/> and waits until its worker has loaded the functions.</summary>
    public async Task StartHostAsync(int slot)
    {
        if (_hosts[slot] is { HasExited: false }) throw new InvalidOperationException($"instance {slot} is running");
        if (_hosts[slot] is { } previous) _ended.Add(previous);
        var host = AppProcess.Start(_appDll, $"instance {slot + 1}", _clock, "host", "--job", _jobPath, "--bootstrap", BootstrapServers,
            "--storage", StorageConnectionString, "--session-timeout", "6", "--batch-wait", "100");
        _hosts[slot] = host;
        await host.WaitForLineAsync(l => l.StartsWith("host: process", StringComparison.Ordinal), StartTimeout, "its start");
    }

    /// <summary>kill -9 of one instance's worker; waits until its host has started a new one.</summary>
    public async Task KillWorkerAsync(int slot)
    {
        var host = _hosts[slot] ?? throw new InvalidOperationException($"instance {slot} is not running");
        var starts = host.Lines(WorkerLine).Count;
        var worker = LastWorker(host) ?? throw new InvalidOperationException($"instance {slot} has no worker yet");
        AppProcess.Kill(worker);
        Tally.WorkerKills++;
        await host.WaitForLineAsync(l => l.StartsWith(WorkerLine, StringComparison.Ordinal) && StartOf(l) > starts, StartTimeout,
            "a new worker after a kill -9 of the last");
    }

    /// <summary>kill -9 of one instance's host, then of its worker, as a machine that dies; the instance starts again.</summary>
    public async Task KillHostAsync(int slot)
    {
        await KillInstanceAsync(slot);
        Tally.HostKills++;
        await StartHostAsync(slot);
        Tally.HostRestarts++;
    }

    /// <summary>An instance leaves the consumer groups: cleanly (SIGTERM) or by kill -9.</summary>
    public async Task StopHostAsync(int slot, bool kill)
    {
        if (kill)
        {
            await KillInstanceAsync(slot);
            Tally.HostKills++;
        }
        else
        {
            var host = _hosts[slot]!;
            var worker = LastWorker(host);
            host.Terminate();
            await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
            if (worker is { } pid) AppProcess.Kill(pid);
        }
        Tally.Leaves++;
    }

    public async Task JoinAsync(int slot)
    {
        await StartHostAsync(slot);
        Tally.Joins++;
    }

    /// <summary>Azurite stopped (its data saved to disk) for <paramref name="outage"/>, then started again on the same ports and data.</summary>
    public async Task AzuriteOutageAsync(TimeSpan outage)
    {
        var again = AzuriteSetup.Again(_azurite, _azuriteLocation);
        await _azurite.StopGracefullyAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(outage);
        _azurite = await AzuriteRunner.StartAsync(again);
        Tally.AzuriteOutages++;
    }

    /// <summary>One broker of the embedded cluster down for <paramref name="outage"/>, then up.</summary>
    public async Task BrokerOutageAsync(int broker, TimeSpan outage)
    {
        await ControlAsync($"down {broker}", $"broker {broker} down");
        await Task.Delay(outage);
        await ControlAsync($"up {broker}", $"broker {broker} up");
        Tally.BrokerOutages++;
    }

    private async Task ControlAsync(string command, string answer)
    {
        var before = _kafka.Lines(answer).Count;
        await _kafka.SendAsync(command);
        await _kafka.WaitForLineAsync(_ => _kafka.Lines(answer).Count > before, TimeSpan.FromSeconds(30), $"'{answer}'");
    }

    private async Task KillInstanceAsync(int slot)
    {
        var host = _hosts[slot] ?? throw new InvalidOperationException($"instance {slot} is not running");
        var workers = host.Children();
        host.Kill();
        await host.WaitForExitAsync(TimeSpan.FromSeconds(30));
        foreach (var worker in workers) AppProcess.Kill(worker);
    }

    private const string WorkerLine = "worker: process ";

    private static int? LastWorker(AppProcess host) =>
        host.Lines(WorkerLine).LastOrDefault().Line is { } line ? int.Parse(WorkerPid().Match(line).Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static int StartOf(string line) => int.Parse(WorkerStart().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^worker: process (\d+)")]
    private static partial Regex WorkerPid();

    [GeneratedRegex(@"\(start (\d+)\)")]
    private static partial Regex WorkerStart();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.OfType<AppProcess>()) await host.DisposeAsync();
        await _kafka.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

/// <summary>What the faults of a chaos run did.</summary>
internal sealed class ChaosTally
{
    public int WorkerKills { get; set; }
    public int HostKills { get; set; }
    public int HostRestarts { get; set; }
    public int Joins { get; set; }
    public int Leaves { get; set; }
    public int AzuriteOutages { get; set; }
    public int BrokerOutages { get; set; }
}
