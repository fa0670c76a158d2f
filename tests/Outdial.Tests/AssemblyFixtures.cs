[assembly: AssemblyFixture(typeof(Outdial.Testing.PostgresServer))]
