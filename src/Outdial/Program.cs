using Outdial.Cli;

return await OutdialCommandLine.RunAsync(args);

/// <summary>The entry point; public so that tests can host the server with WebApplicationFactory.</summary>
public partial class Program;
