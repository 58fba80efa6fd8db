using System.CommandLine;
using ServerlessStreams.App;
using ServerlessStreams.App.Commands;
using ServerlessStreams.Functions.Worker;

// Started by the Functions host (or the local host) with its worker arguments: serve the job's functions.
if (WorkerArguments.AreFromFunctionsHost(args)) return await FunctionApp.RunAsync(args);

var root = new RootCommand("ServerlessStreams: stateful stream processing on Azure Functions, Kafka and Azure Tables.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
// Ctrl-C and SIGTERM cancel the running command's token.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
