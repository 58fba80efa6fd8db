using System.Net.Sockets;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// Waits until the worker's HTTP server accepts connections: the worker reports its HttpUri in WorkerInitResponse, and
/// under load its Kestrel may start listening only after the functions are loaded.
/// </summary>
internal static class HttpListening
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(50);

    public static async Task WaitAsync(Uri uri, Task workerExited, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(uri.Host, uri.Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (!workerExited.IsCompleted)
            {
                // Not listening yet: there is no event for that, so look again shortly.
            }
            await Task.Delay(Retry, cancellationToken).ConfigureAwait(false);
        }
    }
}
