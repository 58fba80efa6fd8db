using System.Diagnostics;

namespace ServerlessStreams.Local.Azurite;

/// <summary>
/// A running Azurite: its endpoints and connection string. Disposing stops the process when this instance
/// started it; an instance that reuses an Azurite already listening leaves it running.
/// </summary>
internal sealed class AzuriteInstance : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _workDirectory;
    private readonly EventHandler? _onProcessExit;
    private int _disposed;

    internal AzuriteInstance(string host, int blobPort, int queuePort, int tablePort, Process? process, string? workDirectory)
    {
        Host = host;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _process = process;
        _workDirectory = workDirectory;
        if (process is not null)
        {
            // Stops Azurite even when the test run ends without disposing (e.g. a crash in a fixture).
            _onProcessExit = (_, _) => Kill();
            AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
        }
    }

    public string Host { get; }
    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>True when this instance started the Azurite process and stops it on dispose.</summary>
    public bool OwnsProcess => _process is not null;

    public int? ProcessId => _process?.Id;

    public Uri TableEndpoint => new($"http://{Host}:{TablePort}/{DevelopmentStorage.AccountName}");

    public Uri BlobEndpoint => new($"http://{Host}:{BlobPort}/{DevelopmentStorage.AccountName}");

    public string ConnectionString => DevelopmentStorage.ConnectionString(Host, BlobPort, QueuePort, TablePort);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (_onProcessExit is not null)
        {
            AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        }
        if (_process is not null)
        {
            Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // It was killed; not waiting longer for the exit notice.
            }
            _process.Dispose();
        }
        if (_workDirectory is not null)
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
