using Microsoft.EntityFrameworkCore;

namespace Outdial.Persistence;

public sealed class PostgreSqlOutdialDbContext(DbContextOptions<PostgreSqlOutdialDbContext> options) : OutdialDbContext(options);
