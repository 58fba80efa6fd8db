namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>The worker's stream ended, or a message could not be sent; the message says why.</summary>
internal sealed class WorkerChannelException(string message, Exception? inner = null) : Exception(message, inner);
