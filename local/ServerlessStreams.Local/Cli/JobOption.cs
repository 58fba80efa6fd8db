using System.CommandLine;
using ServerlessStreams.Functions;

namespace ServerlessStreams.Local.Cli;

/// <summary><c>--job FILE</c>: the job spec a command reads; the app's own spec when it is not given.</summary>
internal static class JobOption
{
    public static Option<FileInfo?> Create() => new("--job") { Description = "The job spec (JSON); default: the app's own." };

    public static FileInfo File(ParseResult parse, Option<FileInfo?> option, ServerlessStreamsApp app) =>
        parse.GetValue(option) ?? new FileInfo(app.JobSpecPath(_ => null));
}
