using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>
/// Plays the worker inside the test process: started through the host's worker-start hook with the host's launch, it
/// connects to the given port, says StartStream with the given worker id, answers the handshake with
/// <see cref="Functions"/>, and answers invocations with <see cref="Invoke"/> (null: no answer). It records what the host sent.
/// </summary>
internal sealed class InProcessWorker : IWorkerProcess
{
    private static int _nextId = 100_000;

    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sending = new(1);
    private readonly WorkerScript _script;
    private AsyncDuplexStreamingCall<StreamingMessage, StreamingMessage>? _call;
    private GrpcChannel? _channel;

    private InProcessWorker(WorkerLaunch launch, WorkerScript script)
    {
        Launch = launch;
        _script = script;
        Id = Interlocked.Increment(ref _nextId);
    }

    public WorkerLaunch Launch { get; }

    public int Id { get; }

    public Task<int> Exited => _exited.Task;

    /// <summary>Starts a worker per launch, following <paramref name="script"/>; every started one is added to <paramref name="started"/>.</summary>
    public static Func<WorkerLaunch, ILogger, IWorkerProcess> Starter(WorkerScript script, ConcurrentQueue<InProcessWorker> started) =>
        (launch, _) =>
        {
            var worker = new InProcessWorker(launch, script);
            started.Enqueue(worker);
            Task.Run(worker.RunAsync);
            return worker;
        };

    /// <summary>Sends a message of the worker's choosing, e.g. a malformed one.</summary>
    public async Task SendAsync(StreamingMessage message)
    {
        await _sending.WaitAsync();
        try
        {
            await _call!.RequestStream.WriteAsync(message);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Ends the "process" with <paramref name="exitCode"/>: the stream is dropped as a dying process drops it.</summary>
    public void Crash(int exitCode)
    {
        _stop.Cancel();
        _exited.TrySetResult(exitCode);
    }

    public ValueTask DisposeAsync()
    {
        Crash(-1);
        _channel?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync()
    {
        try
        {
            var port = Argument("--port");
            _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            _call = new FunctionRpc.FunctionRpcClient(_channel).EventStream(cancellationToken: _stop.Token);
            await SendAsync(new StreamingMessage { StartStream = new StartStream { WorkerId = Argument("--workerId") } });
            await foreach (var message in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                _script.Received.Enqueue(message);
                _script.Arrived?.Invoke(message);
                await AnswerAsync(message);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException or ObjectDisposedException)
        {
        }
        finally
        {
            _exited.TrySetResult(0);
        }
    }

    private async Task AnswerAsync(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.WorkerInitRequest:
                var init = new WorkerInitResponse { Result = Success(), WorkerVersion = "test" };
                init.Capabilities.Add(_script.Capabilities);
                await SendAsync(new StreamingMessage { WorkerInitResponse = init });
                break;
            case StreamingMessage.ContentOneofCase.FunctionsMetadataRequest:
                var metadata = new FunctionMetadataResponse { Result = Success() };
                metadata.FunctionMetadataResults.Add(_script.Functions);
                await SendAsync(new StreamingMessage { FunctionMetadataResponse = metadata });
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadRequest:
                await SendAsync(new StreamingMessage
                {
                    FunctionLoadResponse = new FunctionLoadResponse { FunctionId = message.FunctionLoadRequest.FunctionId, Result = Success() },
                });
                break;
            case StreamingMessage.ContentOneofCase.WorkerTerminate:
                Crash(0);
                break;
            case StreamingMessage.ContentOneofCase.InvocationRequest:
                var request = message.InvocationRequest;
                _ = Task.Run(async () =>
                {
                    var result = await _script.Invoke(request, this);
                    if (result is null) return;
                    await SendAsync(new StreamingMessage
                    {
                        InvocationResponse = new InvocationResponse { InvocationId = request.InvocationId, Result = result },
                    });
                });
                break;
        }
    }

    private string Argument(string name)
    {
        var index = Launch.Arguments.ToList().IndexOf(name);
        return index >= 0 ? Launch.Arguments[index + 1] : throw new InvalidOperationException($"the launch has no {name}: {Launch}");
    }

    public static StatusResult Success() => new() { Status = StatusResult.Types.Status.Success };

    public static StatusResult Failure(string message) => new()
    {
        Status = StatusResult.Types.Status.Failure,
        Exception = new ServerlessStreams.Local.Host.Rpc.Messages.RpcException { Message = message },
    };
}

/// <summary>What an <see cref="InProcessWorker"/> says and does.</summary>
internal sealed class WorkerScript
{
    public List<RpcFunctionMetadata> Functions { get; init; } = [];

    public Dictionary<string, string> Capabilities { get; init; } = new() { ["TypedDataCollection"] = "true" };

    /// <summary>Answers an invocation: a result, or null to leave it unanswered.</summary>
    public Func<InvocationRequest, InProcessWorker, Task<StatusResult?>> Invoke { get; set; } =
        (_, _) => Task.FromResult<StatusResult?>(InProcessWorker.Success());

    /// <summary>Every message the host sent, across restarts.</summary>
    public ConcurrentQueue<StreamingMessage> Received { get; } = new();

    /// <summary>Called with each message the host sends, as it arrives.</summary>
    public Action<StreamingMessage>? Arrived { get; set; }

    public static RpcFunctionMetadata Function(string name, params string[] rawBindings)
    {
        var function = new RpcFunctionMetadata
        {
            Name = name,
            FunctionId = $"id-{name}",
            ScriptFile = "TestWorker.dll",
            EntryPoint = $"TestWorker.Functions.{name}",
            Language = "dotnet-isolated",
            IsProxy = false,
        };
        function.RawBindings.Add(rawBindings);
        return function;
    }

    public static RpcFunctionMetadata KafkaFunction(string name = "stage-votes") => Function(name,
        """{"name":"events","type":"kafkaTrigger","direction":"In","brokerList":"%KafkaBrokerList%","topic":"%Topic_votes%","consumerGroup":"election-votes","cardinality":"Many","dataType":"Binary"}""");

    public static RpcFunctionMetadata TimerFunction(string name = "sweeper", string schedule = "%SweepSchedule%") => Function(name,
        $$"""{"name":"timer","type":"timerTrigger","direction":"In","schedule":"{{schedule}}"}""");
}
