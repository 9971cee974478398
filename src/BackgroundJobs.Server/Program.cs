using BackgroundJobs.Server;

var app = BackgroundJobsServer.Create(args);
await app.RunAsync();
