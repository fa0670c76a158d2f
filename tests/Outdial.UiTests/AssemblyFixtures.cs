[assembly: AssemblyFixture(typeof(Outdial.Testing.PostgresServer))]
[assembly: AssemblyFixture(typeof(Outdial.UiTests.Chromium))]
