using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// The host's side of one worker's <c>EventStream</c>: one writer sends the host's messages in order, the reader
/// matches the worker's responses to what waits for them (init, metadata, loads by function id, invocations by
/// invocation id) and writes its RpcLogs to the logger. When the stream ends, everything waiting fails with the reason.
/// </summary>
internal sealed class WorkerChannel
{
    private readonly Channel<StreamingMessage> _outbox = Channel.CreateUnbounded<StreamingMessage>(new() { SingleReader = true });
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<StreamingMessage.ContentOneofCase, TaskCompletionSource<StreamingMessage>> _replies = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _abandoned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _invokedFunctions = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private CancellationTokenSource? _serving;

    public WorkerChannel(string workerId, int maxMessageLength, ILoggerFactory loggers)
    {
        WorkerId = workerId;
        MaxMessageLength = maxMessageLength;
        _loggers = loggers;
        _logger = loggers.CreateLogger(typeof(WorkerChannel).FullName!);
    }

    public string WorkerId { get; }

    public int MaxMessageLength { get; }

    /// <summary>Completes when the worker has opened its stream and said StartStream.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes with the reason once the stream is over; nothing more is sent or answered.</summary>
    public Task<string> Ended => _ended.Task;

    public int InFlight => _invocations.Count;

    /// <summary>The function ids of the invocations in flight when the channel ended, one per invocation; empty before.</summary>
    public IReadOnlyList<string> InFlightAtEnd { get; private set; } = [];

    /// <summary>Serves the stream until it ends; called by the gRPC service after the worker's StartStream.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate)
        {
            _serving = stop;
            if (_ended.Task.IsCompleted) stop.Cancel();
        }
        _connected.TrySetResult();
        var writing = WriteAsync(responses, stop.Token);
        try
        {
            while (await requests.MoveNext(stop.Token).ConfigureAwait(false))
            {
                Receive(requests.Current);
            }
            End("the worker closed its stream");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            End(cancellationToken.IsCancellationRequested ? "the host stopped" : "cancelled");
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or IOException or InvalidOperationException)
        {
            End($"the stream failed: {e.Message}");
        }
        await writing.ConfigureAwait(false);
        lock (_gate)
        {
            _serving = null;
        }
    }

    /// <summary>Ends the channel: waiting requests and invocations in flight fail with <paramref name="reason"/>.</summary>
    public void End(string reason)
    {
        if (!_ended.TrySetResult(reason)) return;
        _outbox.Writer.TryComplete();
        lock (_gate)
        {
            // Stops the read of the stream, so the gRPC call ends and the worker sees its stream closed.
            _serving?.Cancel();
        }
        _connected.TrySetException(new WorkerChannelException($"worker {WorkerId} ended before it connected: {reason}"));
        var failure = new WorkerChannelException($"worker {WorkerId} ended: {reason}");
        foreach (var reply in _replies.Values) reply.TrySetException(failure);
        foreach (var load in _loads.Values) load.TrySetException(failure);
        InFlightAtEnd = [.. _invokedFunctions.Values];
        foreach (var invocation in _invocations.Values) invocation.TrySetException(failure);
    }

    /// <summary>Sends <paramref name="request"/> and waits for the one reply of <paramref name="replyCase"/>.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, StreamingMessage.ContentOneofCase replyCase,
        CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_replies.TryAdd(replyCase, reply))
        {
            throw new InvalidOperationException($"a {replyCase} is awaited already");
        }
        try
        {
            Send(request);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _replies.TryRemove(replyCase, out _);
        }
    }

    public async Task<FunctionLoadResponse> LoadAsync(FunctionLoadRequest request, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<FunctionLoadResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loads[request.FunctionId] = reply;
        try
        {
            Send(new StreamingMessage { FunctionLoadRequest = request });
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loads.TryRemove(request.FunctionId, out _);
        }
    }

    /// <summary>Sends an invocation and waits for its response; cancelling forgets it, so a late answer is reported as not in flight.</summary>
    /// <exception cref="RpcMessageTooLargeException">The request is larger than the worker accepts.</exception>
    /// <exception cref="WorkerChannelException">The worker ended before answering.</exception>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var message = new StreamingMessage { InvocationRequest = request };
        var size = message.CalculateSize();
        if (size > MaxMessageLength)
        {
            throw new RpcMessageTooLargeException(
                $"the InvocationRequest {request.InvocationId} is {size} bytes, more than the {MaxMessageLength} the worker accepts (grpcMaxMessageLength)");
        }
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_invocations.TryAdd(request.InvocationId, response))
        {
            throw new InvalidOperationException($"invocation {request.InvocationId} is in flight already");
        }
        _invokedFunctions[request.InvocationId] = request.FunctionId;
        try
        {
            Send(message);
            return await response.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_ended.Task.IsCompleted)
        {
            // As the host does: tell the worker, and expect its answer without calling it a protocol error.
            _abandoned[request.InvocationId] = true;
            TrySend(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } });
            throw;
        }
        finally
        {
            _invocations.TryRemove(request.InvocationId, out _);
            _invokedFunctions.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>Asks the worker to exit within <paramref name="gracePeriod"/>; false when the channel has ended already.</summary>
    public bool TryTerminate(TimeSpan gracePeriod) => !_ended.Task.IsCompleted && TrySend(new StreamingMessage
    {
        WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(gracePeriod) },
    });

    private bool TrySend(StreamingMessage message) => _outbox.Writer.TryWrite(message);

    private void Send(StreamingMessage message)
    {
        if (_ended.Task.IsCompleted || !_outbox.Writer.TryWrite(message))
        {
            throw new WorkerChannelException($"worker {WorkerId} ended: {(_ended.Task.IsCompleted ? _ended.Task.Result : "closed")}");
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or IOException or InvalidOperationException)
        {
            End($"sending to the worker failed: {e.Message}");
        }
    }

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.RpcLog:
                WriteLog(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                var invocationId = message.InvocationResponse.InvocationId;
                if (_invocations.TryRemove(invocationId, out var invocation))
                {
                    var size = message.CalculateSize();
                    if (size > MaxMessageLength)
                    {
                        invocation.TrySetException(new RpcMessageTooLargeException(
                            $"the InvocationResponse {invocationId} is {size} bytes, more than the {MaxMessageLength} the host accepts (grpcMaxMessageLength)"));
                    }
                    else
                    {
                        invocation.TrySetResult(message.InvocationResponse);
                    }
                }
                else if (_abandoned.TryRemove(invocationId, out _))
                {
                    // The answer to an invocation the host gave up on: expected, and nothing waits for it.
                }
                else
                {
                    ProtocolError($"an InvocationResponse for invocation '{invocationId}', which is not in flight (unknown, answered already or given up)");
                }
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                var functionId = message.FunctionLoadResponse.FunctionId;
                if (_loads.TryRemove(functionId, out var load))
                {
                    load.TrySetResult(message.FunctionLoadResponse);
                }
                else
                {
                    ProtocolError($"a FunctionLoadResponse for function id '{functionId}', which no FunctionLoadRequest is waiting for");
                }
                break;
            case StreamingMessage.ContentOneofCase.StartStream:
                ProtocolError("a second StartStream on an open stream");
                break;
            default:
                if (_replies.TryRemove(message.ContentCase, out var reply))
                {
                    reply.TrySetResult(message);
                }
                else
                {
                    ProtocolError($"a {message.ContentCase} that nothing asked for");
                }
                break;
        }
    }

    private void ProtocolError(string problem) => LocalHostLog.ProtocolError(_logger, WorkerId, problem);

    private void WriteLog(RpcLog log)
    {
        var logger = _loggers.CreateLogger(string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category);
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        if (!logger.IsEnabled(level)) return;
#pragma warning disable CA1848, CA2254 // the worker's message is the template it chose; it is written as it came
        if (log.Exception is { } exception)
        {
            logger.Log(level, "{Message} [invocation {InvocationId}] {Exception}", log.Message, log.InvocationId, exception.Message + Environment.NewLine + exception.StackTrace);
        }
        else
        {
            logger.Log(level, "{Message} [invocation {InvocationId}]", log.Message, log.InvocationId);
        }
#pragma warning restore CA1848, CA2254
    }
}
