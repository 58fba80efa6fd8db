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
}
