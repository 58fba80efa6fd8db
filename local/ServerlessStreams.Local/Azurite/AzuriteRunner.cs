using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ServerlessStreams.Local.Azurite;

/// <summary>
/// Starts Azurite from the repository's <c>node_modules</c> on loopback, in memory, on ports the operating system
/// picks (port 0, read back from Azurite's own startup lines), so parallel test processes never collide.
/// </summary>
internal static partial class AzuriteRunner
{
    public const string Host = "127.0.0.1";

    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<string> Arguments() =>
    [
        "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
        "--blobHost", Host, "--blobPort", "0",
        "--queueHost", Host, "--queuePort", "0",
        "--tableHost", Host, "--tablePort", "0",
    ];

    /// <summary>Starts a new Azurite and waits until its Table endpoint accepts connections.</summary>
    public static Task<AzuriteInstance> StartAsync(CancellationToken ct = default) =>
        StartAsync(AzuriteExecutable.Find(), DefaultStartupTimeout, ct);

    public static async Task<AzuriteInstance> StartAsync(string executable, TimeSpan startupTimeout, CancellationToken ct = default)
    {
        if (!File.Exists(executable))
        {
            throw new AzuriteUnavailableException($"{executable} does not exist");
        }
        var workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        var ports = new StartupLines();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => ports.Add(e.Data);
        process.ErrorDataReceived += (_, e) => ports.Add(e.Data);
        process.Exited += (_, _) => ports.Exited();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            TryDeleteDirectory(workDirectory);
            throw new AzuriteUnavailableException($"{executable} could not be started ({e.Message})", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var instance = default(AzuriteInstance);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(startupTimeout);
            var (blob, queue, table) = await ports.WaitAsync(timeout.Token, startupTimeout).ConfigureAwait(false);
            instance = new AzuriteInstance(Host, blob, queue, table, process, workDirectory);
            await WaitForConnectionAsync(Host, table, timeout.Token).ConfigureAwait(false);
            return instance;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            var exited = process.HasExited;
            // The exit can be noticed before the last output lines are read; this waits for the streams to close.
            if (exited) process.WaitForExit();
            var what = exited ? "exited during startup" : $"did not start listening within {startupTimeout.TotalSeconds:0} s";
            var output = ports.Output;
            await DisposeOrKillAsync(instance, process, workDirectory).ConfigureAwait(false);
            throw new AzuriteUnavailableException($"{executable} {what}; its output: {output}", e);
        }
        catch
        {
            await DisposeOrKillAsync(instance, process, workDirectory).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Uses an Azurite already listening on the default ports (Table 10002) when there is one, else starts one.
    /// Disposing a reused instance leaves that Azurite running.
    /// </summary>
    public static async Task<AzuriteInstance> StartOrReuseAsync(CancellationToken ct = default)
    {
        if (await IsListeningAsync(Host, DevelopmentStorage.DefaultTablePort, TimeSpan.FromSeconds(1), ct).ConfigureAwait(false))
        {
            return new AzuriteInstance(Host, DevelopmentStorage.DefaultBlobPort, DevelopmentStorage.DefaultQueuePort, DevelopmentStorage.DefaultTablePort, null, null);
        }
        return await StartAsync(ct).ConfigureAwait(false);
    }

    public static async Task<bool> IsListeningAsync(string host, int port, TimeSpan timeout, CancellationToken ct = default)
    {
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    private static async Task WaitForConnectionAsync(string host, int port, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (!await IsListeningAsync(host, port, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false))
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(500).Ticks));
        }
    }

    private static async Task DisposeOrKillAsync(AzuriteInstance? instance, Process process, string workDirectory)
    {
        if (instance is not null)
        {
            await instance.DisposeAsync().ConfigureAwait(false);
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            // Lets the last output lines arrive, so a startup error can quote them.
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        TryDeleteDirectory(workDirectory);
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at https?://[^:/\s]+:(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Collects Azurite's output and the ports it reports listening on.</summary>
    private sealed class StartupLines
    {
        private readonly object _gate = new();
        private readonly StringBuilder _output = new();
        private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource<(int Blob, int Queue, int Table)> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Output
        {
            get
            {
                lock (_gate)
                {
                    return _output.Length == 0 ? "(none)" : _output.ToString().Trim();
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_gate)
            {
                if (_output.Length < 8_000)
                {
                    _output.AppendLine(line);
                }
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    _ports[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
                if (_ports.TryGetValue("Blob", out var blob) && _ports.TryGetValue("Queue", out var queue) && _ports.TryGetValue("Table", out var table))
                {
                    _ready.TrySetResult((blob, queue, table));
                }
            }
        }

        public void Exited() => _ready.TrySetException(new InvalidOperationException("the Azurite process exited during startup"));

        public Task<(int Blob, int Queue, int Table)> WaitAsync(CancellationToken ct, TimeSpan timeout) => _ready.Task.WaitAsync(timeout, ct);
    }
}
