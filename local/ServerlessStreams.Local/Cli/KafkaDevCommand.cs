using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using ServerlessStreams.Local.Kafka;

namespace ServerlessStreams.Local.Cli;

/// <summary>
/// <c>kafka-dev</c>: runs the embedded Kafka broker on loopback until Ctrl+C, for <c>func start</c>,
/// kcat or any other Kafka client on this machine. The first output line is <c>bootstrap: host:port[,…]</c>.
/// </summary>
internal static class KafkaDevCommand
{
    public const string Name = "kafka-dev";
    public const string BootstrapPrefix = "bootstrap: ";

    public static Command Create()
    {
        var brokers = new Option<int>("--brokers")
        {
            Description = $"Number of brokers (1-{EmbeddedKafka.MaxBrokers}).",
            DefaultValueFactory = _ => 1,
        };
        brokers.Validators.Add(result =>
        {
            var count = result.GetValueOrDefault<int>();
            if (count is < 1 or > EmbeddedKafka.MaxBrokers)
            {
                result.AddError($"--brokers {count}: the embedded Kafka runs between 1 and {EmbeddedKafka.MaxBrokers} brokers.");
            }
        });

        var topics = new Option<TopicDeclaration[]>("--topic")
        {
            Description = "A topic to create, as name:partitions (e.g. votes:4); repeat for more topics.",
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = ParseTopics,
            DefaultValueFactory = _ => [],
        };

        var command = new Command(Name, "Runs an in-process Kafka broker on loopback until Ctrl+C and prints its bootstrap address.")
        {
            brokers,
            topics,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(brokers),
            result.GetValue(topics) ?? [],
            result.InvocationConfiguration,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int brokers, TopicDeclaration[] topics, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        EmbeddedKafka kafka;
        try
        {
            kafka = EmbeddedKafka.Start(brokers);
        }
        catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            await console.Error.WriteLineAsync($"{Name}: {e.Message}");
            return 1;
        }

        await using (kafka)
        {
            foreach (var topic in topics)
            {
                kafka.CreateTopic(topic.Name, topic.Partitions);
            }

            await console.Output.WriteLineAsync(BootstrapPrefix + kafka.BootstrapServers);
            foreach (var topic in topics)
            {
                await console.Output.WriteLineAsync($"topic: {topic.Name} ({topic.Partitions} partition{(topic.Partitions == 1 ? "" : "s")})");
            }

            await console.Output.WriteLineAsync("Kafka is running; press Ctrl+C to stop.");
            await UntilStoppedAsync(cancellationToken);
        }

        await console.Output.WriteLineAsync("Kafka stopped.");
        return 0;
    }

    /// <summary>
    /// Waits for Ctrl+C, SIGTERM or the invocation's cancellation. The signals are handled here as
    /// well because System.CommandLine only forwards them when the caller sets a termination timeout.
    /// </summary>
    private static async Task UntilStoppedAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await Task.Delay(Timeout.Infinite, stop.Token)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
    }

    private static TopicDeclaration[] ParseTopics(ArgumentResult result)
    {
        var declarations = new List<TopicDeclaration>();
        foreach (var token in result.Tokens)
        {
            if (!TopicDeclaration.TryParse(token.Value, out var declaration, out var problem))
            {
                result.AddError($"--topic {problem}.");
                continue;
            }

            if (declarations.Any(d => d.Name == declaration.Name))
            {
                result.AddError($"--topic '{declaration.Name}' is given more than once.");
                continue;
            }

            declarations.Add(declaration);
        }

        return [.. declarations];
    }
}
