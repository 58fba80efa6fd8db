using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.Functions.Tests.Worker;

public sealed class WorkerArgumentsTests
{
    [Theory]
    [InlineData("--host", "127.0.0.1", "--port", "50051", "--workerId", "w", "--requestId", "r", "--grpcMaxMessageLength", "2147483647")]
    [InlineData("--functions-uri", "http://127.0.0.1:50051/", "--functions-worker-id", "w", "--functions-request-id", "r",
        "--functions-grpc-max-message-length", "2147483647")]
    [InlineData("--functions-uri=http://127.0.0.1:50051/")]
    public void The_hosts_worker_arguments_start_the_worker(params string[] args)
    {
        Assert.True(WorkerArguments.AreFromFunctionsHost(args));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("simulate", "--job", "job.json", "--input", "in.jsonl", "--output", "out.jsonl")]
    [InlineData("kafka-dev", "--brokers", "1")]
    [InlineData]
    public void Cli_commands_do_not(params string[] args)
    {
        Assert.False(WorkerArguments.AreFromFunctionsHost(args));
    }

    [Fact]
    public void The_older_form_alone_is_turned_into_the_workers_configuration()
    {
        var configuration = WorkerArguments.LegacyFormConfiguration(
            ["--host", "127.0.0.1", "--port", "50051", "--workerId", "w1", "--requestId", "r1", "--grpcMaxMessageLength=2147483647"]);

        Assert.Equal("http://127.0.0.1:50051/", configuration["Functions:Worker:HostEndpoint"]);
        Assert.Equal("w1", configuration["Functions:Worker:WorkerId"]);
        Assert.Equal("r1", configuration["Functions:Worker:RequestId"]);
        Assert.Equal("2147483647", configuration["Functions:Worker:GrpcMaxMessageLength"]);
    }

    [Fact]
    public void The_newer_form_is_left_to_the_worker()
    {
        Assert.Empty(WorkerArguments.LegacyFormConfiguration(
            ["--host", "127.0.0.1", "--port", "50051", "--functions-uri", "http://127.0.0.1:50051/", "--functions-worker-id", "w1"]));
    }
}
