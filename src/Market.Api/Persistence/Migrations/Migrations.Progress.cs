using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000064_JobUnitCounts")]
public sealed class JobUnitCounts : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000065_NoJitForTheDatabase")]
public sealed class NoJitForTheDatabase : SqlScriptMigration;
