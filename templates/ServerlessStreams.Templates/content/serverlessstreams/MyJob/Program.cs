//-:cnd:noEmit
using MyJob;
using ServerlessStreams.Functions;
#if SERVERLESSSTREAMS_LOCAL
using ServerlessStreams.Local.Cli;
#endif

var app = new ServerlessStreamsApp(Registrations.Create(), "job.json");
#if SERVERLESSSTREAMS_LOCAL
// The worker when a Functions host starts it; otherwise the command line: run, validate, simulate, generate, query.
return await LocalCli.RunAsync(app, args, SampleRun.Definition);
#else
return await app.RunWorkerAsync(args);
#endif
//+:cnd:noEmit
