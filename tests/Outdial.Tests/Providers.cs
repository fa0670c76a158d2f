using Outdial.Persistence;

namespace Outdial.Tests;

/// <summary>Theory data: every test that takes a <see cref="DatabaseProvider"/> runs once per database.</summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> All => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];
}
