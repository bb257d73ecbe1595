using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000060_LedgerWorkerPayableIndex")]
public sealed class LedgerWorkerPayableIndex : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000067_WorkUnitsPickIndex")]
public sealed class WorkUnitsPickIndex : SqlScriptMigration;
