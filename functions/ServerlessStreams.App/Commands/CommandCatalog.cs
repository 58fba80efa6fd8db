using System.CommandLine;

namespace ServerlessStreams.App.Commands;

/// <summary>Every command of the CLI, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        ValidateCommand.Create(),
        SimulateCommand.Create(),
        SampleVotesCommand.Create(),
    ];
}
