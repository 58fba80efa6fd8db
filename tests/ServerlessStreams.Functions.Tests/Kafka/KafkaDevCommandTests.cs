using System.CommandLine;
using System.Globalization;
using System.IO.Pipes;
using ServerlessStreams.Local.Azurite;
using ServerlessStreams.Local.Cli;

namespace ServerlessStreams.Functions.Tests.Kafka;

public sealed class KafkaDevCommandTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task KafkaDev_PrintsTheBootstrapAddress_CreatesTheTopics_AndStopsOnCancel()
    {
        var (output, error) = (new LineWriter(), new LineWriter());
        using var stop = new CancellationTokenSource();
        var run = Invoke(["kafka-dev", "--topic", "votes:4", "--topic", "tallies"], output, error, stop.Token);

        var line = await output.WaitForLineAsync(l => l.StartsWith(KafkaDevCommand.BootstrapPrefix, StringComparison.Ordinal), StartTimeout);
        var bootstrap = line[KafkaDevCommand.BootstrapPrefix.Length..];
        Assert.Matches(@"^127\.0\.0\.1:\d+$", bootstrap);
        Assert.Equal(4, KafkaTestClients.PartitionCount(bootstrap, "votes"));
        Assert.Equal(1, KafkaTestClients.PartitionCount(bootstrap, "tallies"));
        Assert.False(run.IsCompleted, "kafka-dev must keep running until it is stopped.");

        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(StartTimeout));
        Assert.Equal(line, output.Lines[0]);
        Assert.Contains("Kafka stopped.", output.Lines);
        Assert.Equal(string.Empty, error.Text);
    }

    [Fact]
    public async Task KafkaDev_WithSeveralBrokers_PrintsEveryAddressOnOneLine()
    {
        var (output, error) = (new LineWriter(), new LineWriter());
        using var stop = new CancellationTokenSource();
        var run = Invoke(["kafka-dev", "--brokers", "3"], output, error, stop.Token);

        var line = await output.WaitForLineAsync(l => l.StartsWith(KafkaDevCommand.BootstrapPrefix, StringComparison.Ordinal), StartTimeout);
        await stop.CancelAsync();

        Assert.Equal(3, line[KafkaDevCommand.BootstrapPrefix.Length..].Split(',').Length);
        Assert.Equal(0, await run.WaitAsync(StartTimeout));
    }

    [Fact]
    public async Task KafkaDev_WithControl_TakesABrokerDownAndUp_AndAnswersEveryCommand()
    {
        var (output, error) = (new LineWriter(), new LineWriter());
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var control = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle));
        await using var commands = new StreamWriter(pipe) { AutoFlush = true };
        using var stop = new CancellationTokenSource();
        var run = Invoke(["kafka-dev", "--brokers", "3", "--control"], output, error, stop.Token, control);
        var line = await output.WaitForLineAsync(l => l.StartsWith(KafkaDevCommand.BootstrapPrefix, StringComparison.Ordinal), StartTimeout);
        var second = int.Parse(line[KafkaDevCommand.BootstrapPrefix.Length..].Split(',')[1].Split(':')[1], CultureInfo.InvariantCulture);

        await commands.WriteLineAsync("down 2");
        await output.WaitForLineAsync(l => l == "broker 2 down", StartTimeout);
        Assert.False(await AzuriteRunner.IsListeningAsync("127.0.0.1", second, TimeSpan.FromSeconds(5)), "a broker that is down refuses connections");

        await commands.WriteLineAsync("up 2");
        await output.WaitForLineAsync(l => l == "broker 2 up", StartTimeout);
        Assert.True(await AzuriteRunner.IsListeningAsync("127.0.0.1", second, TimeSpan.FromSeconds(5)), "a broker that is up again takes connections");

        await commands.WriteLineAsync("down 4");
        await output.WaitForLineAsync(l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains("brokers 1 to 3", StringComparison.Ordinal), StartTimeout);
        await commands.WriteLineAsync("sideways 1");
        await output.WaitForLineAsync(l => l == "error: 'sideways 1' is not a command (down N, up N)", StartTimeout);

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(StartTimeout));
    }

    [Theory]
    [InlineData("votes:zero", "--topic 'votes:zero': the partition count")]
    [InlineData("votes:0", "--topic 'votes:0': the partition count")]
    [InlineData("bad/name:2", "contains '/'")]
    public async Task KafkaDev_WithABadTopic_FailsSayingWhich(string topic, string expected)
    {
        var (output, error) = (new LineWriter(), new LineWriter());

        var exitCode = await Invoke(["kafka-dev", "--topic", topic], output, error, CancellationToken.None).WaitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, error.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Lines, l => l.StartsWith(KafkaDevCommand.BootstrapPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KafkaDev_WithATopicGivenTwice_FailsNamingIt()
    {
        var (output, error) = (new LineWriter(), new LineWriter());

        var exitCode = await Invoke(["kafka-dev", "--topic", "votes:2", "--topic", "votes:4"], output, error, CancellationToken.None).WaitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--topic 'votes' is given more than once", error.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    public async Task KafkaDev_WithABrokerCountOutOfRange_FailsNamingTheOption(string brokers)
    {
        var (output, error) = (new LineWriter(), new LineWriter());

        var exitCode = await Invoke(["kafka-dev", "--brokers", brokers], output, error, CancellationToken.None).WaitAsync(StartTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"--brokers {brokers}", error.Text, StringComparison.Ordinal);
    }

    private static Task<int> Invoke(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, TextReader? control = null)
    {
        var root = new RootCommand("ServerlessStreams") { KafkaDevCommand.Create(control) };
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return Task.Run(() => root.Parse(args).InvokeAsync(configuration, cancellationToken), CancellationToken.None);
    }
}
