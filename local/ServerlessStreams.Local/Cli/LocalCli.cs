using System.CommandLine;
using ServerlessStreams.Functions;

namespace ServerlessStreams.Local.Cli;

/// <summary>
/// A function app's entry point during development: the app's worker when the Functions host (or the local host)
/// starts it, else the command line — <c>run</c>, <c>validate</c>, <c>simulate</c>, <c>generate</c>, <c>query</c>,
/// <c>kafka-dev</c> and the app's own commands.
/// </summary>
public static class LocalCli
{
    /// <summary>Runs the worker or the command named by <paramref name="args"/>; Ctrl+C and SIGTERM cancel a running command.</summary>
    /// <param name="sample">What <c>run</c> feeds the job and prints.</param>
    /// <param name="commands">The app's own commands, listed after the built-in ones.</param>
    public static async Task<int> RunAsync(ServerlessStreamsApp app, string[] args, LocalRun sample, params IEnumerable<Command> commands)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(sample);
        if (ServerlessStreamsApp.IsStartedAsWorker(args)) return await app.RunWorkerAsync(args);

        var root = new RootCommand("A ServerlessStreams function app: stateful stream processing on Azure Functions, Kafka and Azure Tables.");
        foreach (var command in CommandCatalog.All(app, sample).Concat(commands)) root.Subcommands.Add(command);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
    }
}
