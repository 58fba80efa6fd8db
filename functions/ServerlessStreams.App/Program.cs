using System.CommandLine;
using ServerlessStreams.App.Commands;

var root = new RootCommand("ServerlessStreams: stateful stream processing on Azure Functions, Kafka and Azure Tables.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
// Ctrl-C and SIGTERM (the Functions host stopping the handler) cancel the running command's token.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
