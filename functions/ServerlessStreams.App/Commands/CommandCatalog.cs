using System.CommandLine;

namespace ServerlessStreams.App.Commands;

/// <summary>Every command of the CLI, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        RunCommand.Create(),
        ValidateCommand.Create(),
        SimulateCommand.Create(),
        SampleVotesCommand.Create(),
        GenerateCommand.Create(),
        QueryCommand.Create(),
        KafkaDevCommand.Create(),
    ];
}
