namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>A message larger than the worker's grpcMaxMessageLength; only the invocation that carried it fails.</summary>
internal sealed class RpcMessageTooLargeException(string message) : Exception(message);
