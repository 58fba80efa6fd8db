using Election;
using ServerlessStreams.Functions;
#if SERVERLESSSTREAMS_LOCAL
using ServerlessStreams.Local.Cli;
#endif

var app = new ServerlessStreamsApp(Registrations.Create(), "job.json");
#if SERVERLESSSTREAMS_LOCAL
// The worker when a Functions host starts it; otherwise the command line: run, validate, simulate, generate, query,
// and sample-votes.
return await LocalCli.RunAsync(app, args, ElectionRun.Sample, SampleVotesCommand.Create());
#else
return await app.RunWorkerAsync(args);
#endif
