using System.CommandLine;
using ServerlessStreams.Functions;

namespace ServerlessStreams.Local.Cli;

/// <summary>Every command of the CLI, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All(ServerlessStreamsApp app, LocalRun sample) =>
    [
        RunCommand.Create(app, sample),
        ValidateCommand.Create(app),
        SimulateCommand.Create(app),
        GenerateCommand.Create(app),
        QueryCommand.Create(app),
        KafkaDevCommand.Create(),
        HostCommand.Create(app),
    ];
}
