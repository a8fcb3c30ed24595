// The sample host: `dotnet CustomerJourney.Sample.dll --urls http://127.0.0.1:5080`.
var app = CustomerJourney.Sample.SampleApp.Create(args);
await app.RunAsync();
