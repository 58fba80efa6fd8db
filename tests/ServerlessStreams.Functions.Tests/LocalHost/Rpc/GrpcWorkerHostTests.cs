using System.Net;
using System.Net.Sockets;
using System.Collections.Concurrent;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Local.Host.Rpc.Messages;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>The host's side of the protocol against a worker played in-process: handshake, invocations, failures.</summary>
public sealed class GrpcWorkerHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TemporaryDirectory _app = new();
    private readonly CollectedLogs _logs = new();
    private readonly ConcurrentQueue<InProcessWorker> _workers = new();
    private readonly WorkerScript _script = new()
    {
        Functions = [WorkerScript.KafkaFunction(), WorkerScript.TimerFunction()],
    };
    private GrpcWorkerHost? _host;

    public Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_app.Path, "host.json"), """{"version":"2.0"}""");
        File.WriteAllText(Path.Combine(_app.Path, "Worker.dll"), "");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _logs.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task The_handshake_sends_the_hosts_init_request_then_asks_for_metadata_and_loads_every_function()
    {
        var host = await StartAsync();

        var received = _script.Received.ToList();
        var expectedInit = InvocationRequestsTests.Parse<WorkerInitRequest>("worker-init-request.json");
        expectedInit.WorkerDirectory = expectedInit.FunctionAppDirectory = _app.Path;
        Assert.Equal(expectedInit, received[0].WorkerInitRequest);
        Assert.Equal(_app.Path, received[1].FunctionsMetadataRequest.FunctionAppDirectory);
        var loads = received.Skip(2).Select(m => m.FunctionLoadRequest).ToList();
        Assert.Equal(["id-stage-votes", "id-sweeper"], loads.Select(l => l.FunctionId).Order());
        Assert.Equal("kafkaTrigger", loads.Single(l => l.Metadata.Name == "stage-votes").Metadata.Bindings["events"].Type);
        Assert.Equal(["stage-votes", "sweeper"], host.Functions.Keys.Order());
        Assert.Equal("true", host.Capabilities["TypedDataCollection"]);
    }

    [Fact]
    public async Task Stopping_the_host_asks_the_worker_to_terminate_before_ending_it()
    {
        var host = await StartAsync();

        await host.DisposeAsync();
        _host = null;

        var terminate = Assert.Single(_script.Received, m => m.WorkerTerminate is not null).WorkerTerminate;
        Assert.Equal(TimeSpan.FromSeconds(5), terminate.GracePeriod.ToTimeSpan());
        Assert.Equal(0, await Assert.Single(_workers).Exited.WaitAsync(Patience));
    }

    [Fact]
    public async Task The_worker_is_started_with_the_hosts_arguments_and_environment()
    {
        var host = await StartAsync(settings: new Dictionary<string, string> { ["KafkaBrokerList"] = "broker:9092" });

        var launch = Assert.Single(_workers).Launch;
        var arguments = launch.Arguments.ToList();
        Assert.Equal("dotnet", launch.FileName);
        Assert.Equal(Path.Combine(_app.Path, "Worker.dll"), arguments[0]);
        string After(string name) => arguments[arguments.IndexOf(name) + 1];
        Assert.Equal("127.0.0.1", After("--host"));
        Assert.Equal(host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), After("--port"));
        Assert.Equal(After("--workerId"), After("--functions-worker-id"));
        Assert.Equal(After("--requestId"), After("--functions-request-id"));
        Assert.Equal($"http://127.0.0.1:{host.Port}/", After("--functions-uri"));
        Assert.Equal(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), After("--functions-grpc-max-message-length"));
        Assert.Equal("dotnet-isolated", launch.Environment["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal(_app.Path, launch.Environment["FUNCTIONS_WORKER_DIRECTORY"]);
        Assert.Equal(_app.Path, launch.Environment["FUNCTIONS_APPLICATION_DIRECTORY"]);
        Assert.Equal(_app.Path, launch.Environment["AzureWebJobsScriptRoot"]);
        Assert.Equal("broker:9092", launch.Environment["KafkaBrokerList"]);
    }

    [Fact]
    public async Task An_invocation_goes_to_the_function_id_and_its_response_decides_the_outcome()
    {
        var host = await StartAsync();
        _script.Invoke = (request, _) => Task.FromResult<StatusResult?>(RpcRecords.Of(request).Any(r => r.ValueText == "bad")
            ? InProcessWorker.Failure("the record was bad")
            : InProcessWorker.Success());

        var good = await host.InvokeAsync("stage-votes", Batch("good"), CancellationToken.None);
        var bad = await host.InvokeAsync("stage-votes", Batch("bad"), CancellationToken.None);

        Assert.True(good.Succeeded, good.Error);
        Assert.False(bad.Succeeded);
        Assert.Contains("the record was bad", bad.Error);
        var sent = _script.Received.Where(m => m.InvocationRequest is not null).Select(m => m.InvocationRequest).ToList();
        Assert.All(sent, r => Assert.Equal("id-stage-votes", r.FunctionId));
        Assert.Equal(2, sent.Select(r => r.InvocationId).Distinct().Count());
    }

    [Fact]
    public async Task A_worker_without_typed_data_collections_gets_the_batch_and_its_arrays_as_json()
    {
        _script.Capabilities.Clear();
        var host = await StartAsync();
        var sent = new TaskCompletionSource<InvocationRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Invoke = (request, _) =>
        {
            sent.TrySetResult(request);
            return Task.FromResult<StatusResult?>(InProcessWorker.Success());
        };

        await host.InvokeAsync("stage-votes", Batch("v"), CancellationToken.None);

        var request = await sent.Task.WaitAsync(Patience);
        // byte[][] through Json.NET: the values in base64.
        var values = System.Text.Json.JsonSerializer.Deserialize<byte[][]>(request.InputData.Single().Data.Json)!;
        Assert.Equal("v"u8.ToArray(), Assert.Single(values));
        Assert.Equal("[1]", request.TriggerMetadata["OffsetArray"].Json);
        Assert.Equal("[\"votes\"]", request.TriggerMetadata["TopicArray"].Json);
    }

    [Fact]
    public async Task An_unknown_function_fails_only_that_invocation_and_names_it()
    {
        var host = await StartAsync();

        var outcome = await host.InvokeAsync("no-such-function", Batch("x"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("no function 'no-such-function'", outcome.Error);
        Assert.Contains("stage-votes", outcome.Error);
        Assert.True((await host.InvokeAsync("stage-votes", Batch("x"), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task An_oversized_message_fails_only_that_invocation_and_says_how_large_it_was()
    {
        var host = await StartAsync(maxMessageLength: 4096);

        var outcome = await host.InvokeAsync("stage-votes", Batch(new string('x', 5000)), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Matches("is [0-9]+ bytes, more than the 4096 the worker accepts", outcome.Error);
        Assert.True((await host.InvokeAsync("stage-votes", Batch("small"), CancellationToken.None)).Succeeded);
        Assert.Single(_workers);
    }

    [Fact]
    public async Task An_oversized_response_fails_only_its_invocation()
    {
        var host = await StartAsync(maxMessageLength: 4096);
        _script.Invoke = async (request, worker) =>
        {
            if (RpcRecords.Of(request).Single().ValueText != "large") return InProcessWorker.Success();
            var response = new InvocationResponse { InvocationId = request.InvocationId, Result = InProcessWorker.Success() };
            response.ReturnValue = new TypedData { String = new string('x', 5000) };
            await worker.SendAsync(new StreamingMessage { InvocationResponse = response });
            return null;
        };

        var outcome = await host.InvokeAsync("stage-votes", Batch("large"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Matches("the InvocationResponse .* is [0-9]+ bytes, more than the 4096 the host accepts", outcome.Error);
        Assert.True((await host.InvokeAsync("stage-votes", Batch("small"), CancellationToken.None)).Succeeded);
        Assert.Single(_workers);
    }

    [Fact]
    public async Task A_response_for_an_invocation_not_in_flight_is_reported_and_changes_nothing_else()
    {
        var host = await StartAsync();
        var release = new TaskCompletionSource();
        _script.Invoke = async (request, worker) =>
        {
            await worker.SendAsync(new StreamingMessage
            {
                InvocationResponse = new InvocationResponse { InvocationId = "not-a-real-invocation", Result = InProcessWorker.Success() },
            });
            await release.Task;
            return InProcessWorker.Success();
        };

        var invocation = host.InvokeAsync("stage-votes", Batch("x"), CancellationToken.None);
        var error = await _logs.WaitForAsync(m => m.Contains("not-a-real-invocation"), Patience);
        release.SetResult();

        Assert.Contains("not in flight", error);
        Assert.True((await invocation).Succeeded);
        Assert.Single(_workers);
    }

    [Fact]
    public async Task A_cancelled_invocation_is_cancelled_at_the_worker_and_its_late_answer_is_no_error()
    {
        var host = await StartAsync();
        var invoked = new TaskCompletionSource<InProcessWorker>(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Invoke = (_, worker) =>
        {
            invoked.TrySetResult(worker);
            return Task.FromResult<StatusResult?>(null);
        };
        using var cancel = new CancellationTokenSource();

        var invocation = host.InvokeAsync("stage-votes", Batch("x"), cancel.Token);
        var worker = await invoked.Task.WaitAsync(Patience);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invocation);
        var request = _script.Received.Single(m => m.InvocationRequest is not null).InvocationRequest;
        await worker.SendAsync(new StreamingMessage
        {
            InvocationResponse = new InvocationResponse { InvocationId = request.InvocationId, Result = InProcessWorker.Success() },
        });
        _script.Invoke = (_, _) => Task.FromResult<StatusResult?>(InProcessWorker.Success());
        Assert.True((await host.InvokeAsync("stage-votes", Batch("y"), CancellationToken.None)).Succeeded);

        Assert.Contains(_script.Received, m => m.InvocationCancel?.InvocationId == request.InvocationId);
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains(request.InvocationId, StringComparison.Ordinal) && l.Message.Contains("not in flight"));
    }

    [Fact]
    public async Task A_worker_that_leaves_an_invocation_unanswered_is_restarted_and_the_invocation_fails()
    {
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await StartAsync(invocationTimeout: TimeSpan.FromMilliseconds(300));
        host.WorkerReady += starts => ready.TrySetResult(starts);
        _script.Invoke = (_, _) => Task.FromResult<StatusResult?>(null);

        var outcome = await host.InvokeAsync("stage-votes", Batch("x"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("got no response within", outcome.Error);
        Assert.Equal(2, await ready.Task.WaitAsync(Patience));
        Assert.Equal(2, _workers.Count);
        Assert.True(_workers.First().Exited.IsCompleted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_http_request_that_cannot_reach_the_worker_fails_its_invocation_at_once_saying_what_failed(bool connectionReset)
    {
        // The worker's HttpUri listens while the worker starts (the host waits for that), then refuses connections
        // (its server went away) or resets every one.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var resetting = connectionReset ? ResetEveryConnection(listener) : null;
        _script.Capabilities["HttpUri"] = $"http://127.0.0.1:{port}/";
        _script.Functions.Add(WorkerScript.Function("greet", """{"name":"req","type":"httpTrigger","direction":"In","route":"greet/{name}"}"""));
        // As a real worker does, the invocation waits for its forwarded request and answers only once that has come.
        _script.Invoke = (_, _) => Task.FromResult<StatusResult?>(null);
        var invoked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Arrived = message =>
        {
            if (message.InvocationRequest is { } invocation) invoked.TrySetResult(invocation.InvocationId);
            if (message.InvocationCancel is { } cancel) cancelled.TrySetResult(cancel.InvocationId);
        };
        var host = await StartAsync(invocationTimeout: TimeSpan.FromMinutes(10));
        if (!connectionReset) listener.Stop();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/greet/ada");
        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => host.InvokeHttpAsync("greet", request, CancellationToken.None).WaitAsync(Patience));

        var invocationId = await invoked.Task.WaitAsync(Patience);
        Assert.StartsWith($"greet (invocation {invocationId}): forwarding GET /api/greet/ada to the worker's HttpUri http://127.0.0.1:{port}/ failed", error.Message);
        Assert.NotNull(error.InnerException);
        Assert.Equal(invocationId, await cancelled.Task.WaitAsync(Patience));
        listener.Stop();
        resetting?.Join();
    }

    /// <summary>
    /// Resets every connection the listener accepts until it is stopped, on a thread of its own: on a loaded machine a
    /// loop on the thread pool can wait behind the host's own work while the forwarded request waits for it.
    /// </summary>
    private static Thread ResetEveryConnection(TcpListener listener)
    {
        var thread = new Thread(() =>
        {
            while (true)
            {
                try
                {
                    using var connection = listener.AcceptSocket();
                    connection.LingerState = new LingerOption(true, 0);
                    connection.Close();
                }
                catch (SocketException) when (listener.Server.IsBound)
                {
                    // A connection its peer closed first (the host's check that the HttpUri listens) can fail the
                    // accept or the reset; the next one must still be reset.
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return; // stopped
                }
            }
        }) { IsBackground = true, Name = "reset every connection" };
        thread.Start();
        return thread;
    }

    [Fact]
    public async Task A_worker_that_exits_fails_its_invocations_in_flight_and_is_restarted()
    {
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await StartAsync();
        host.WorkerReady += starts => ready.TrySetResult(starts);
        _script.Invoke = (_, worker) =>
        {
            worker.Crash(3);
            return Task.FromResult<StatusResult?>(null);
        };

        var outcome = await host.InvokeAsync("stage-votes", Batch("x"), CancellationToken.None);
        Assert.Equal(2, await ready.Task.WaitAsync(Patience));
        _script.Invoke = (_, _) => Task.FromResult<StatusResult?>(InProcessWorker.Success());
        var again = await host.InvokeAsync("stage-votes", Batch("x"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("ended", outcome.Error);
        Assert.True(again.Succeeded, again.Error);
        Assert.NotEqual(_workers.First().Id, host.WorkerProcessId);
    }

    [Fact]
    public async Task Worker_logs_go_to_the_hosts_logger_under_their_category()
    {
        var host = await StartAsync();
        _script.Invoke = async (request, worker) =>
        {
            await worker.SendAsync(new StreamingMessage
            {
                RpcLog = new RpcLog
                {
                    InvocationId = request.InvocationId, Category = "Function.stage-votes.User",
                    Level = RpcLog.Types.Level.Warning, Message = "a user warning",
                },
            });
            return InProcessWorker.Success();
        };

        await host.InvokeAsync("stage-votes", Batch("x"), CancellationToken.None);

        await _logs.WaitForAsync(m => m.Contains("a user warning"), Patience);
        Assert.Contains(_logs.Lines, l => l.Category == "Function.stage-votes.User" && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task A_worker_that_never_connects_fails_the_start_with_the_reason()
    {
        _host = new GrpcWorkerHost(new GrpcWorkerHostOptions
        {
            AppDirectory = _app.Path,
            WorkerPath = "Worker.dll",
            StartupTimeout = TimeSpan.FromMilliseconds(300),
            LoggerFactory = _logs.Factory,
            StartWorker = (_, _) => new SilentProcess(),
        });

        var error = await Assert.ThrowsAsync<WorkerStartException>(() => _host.StartAsync(CancellationToken.None));

        Assert.Contains("did not finish starting within", error.Message);
    }

    private async Task<GrpcWorkerHost> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int maxMessageLength = int.MaxValue,
        TimeSpan? invocationTimeout = null)
    {
        _host = new GrpcWorkerHost(new GrpcWorkerHostOptions
        {
            AppDirectory = _app.Path,
            WorkerPath = "Worker.dll",
            AppSettings = settings ?? new Dictionary<string, string>(),
            MaxMessageLength = maxMessageLength,
            InvocationTimeout = invocationTimeout ?? Patience,
            StartupTimeout = Patience,
            RestartDelay = TimeSpan.FromMilliseconds(50),
            LoggerFactory = _logs.Factory,
            StartWorker = InProcessWorker.Starter(_script, _workers),
        });
        await _host.StartAsync(CancellationToken.None);
        return _host;
    }

    private static InvocationRequest Batch(string value) =>
        InvocationRequests.KafkaBatch("events", [new ServerlessStreams.Functions.Hosting.KafkaEventRecord("votes", 0, 1, 0, "k", value)],
            ServerlessStreams.Local.Host.KafkaBatchDataType.Binary);

    /// <summary>A process that starts and never connects.</summary>
    private sealed class SilentProcess : IWorkerProcess
    {
        private readonly TaskCompletionSource<int> _exited = new();

        public int Id => 1;

        public Task<int> Exited => _exited.Task;

        public ValueTask DisposeAsync()
        {
            _exited.TrySetResult(-1);
            return ValueTask.CompletedTask;
        }
    }
}
