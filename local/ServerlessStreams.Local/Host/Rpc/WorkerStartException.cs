namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>The worker did not start, connect, initialise or load its functions; the message says which and why.</summary>
internal sealed class WorkerStartException(string message, Exception? inner = null) : Exception(message, inner);
