// orchestratorctl: the Autonomic Orchestrator from the command line.
#include <cstdio>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include "commands.h"
#include "whatifcommands.h"

namespace {

const char kUsage[] = R"(Usage: orchestratorctl <command> [options]

Commands:
  spec validate FILE                 validate an orchestrator spec document
  spec defaults                      print the built-in spec (SPEC.md's values)
  drift check --std X [--threshold T]
                                     SPEC's POST /api/orchestrator/drift/check, as JSON
  drift scan --input FILE [--window 96] [--baseline 672] [--threshold 2.0]
                                     scan a CSV / JSON-lines file of samples for drift
  reward calculate --delta-visibility X --delta-revenue Y --api-cost Z
                                     SPEC's POST /api/orchestrator/reward/calculate, as JSON
  simulate --dealers N --days D [--seed S] --data-dir DIR [--spec FILE]
                                     run the orchestrator on the simulated fleet
  import --data-dir DIR FILE         import samples (CSV or JSON lines) into a store
  audit verify --data-dir DIR [--trusted-checkpoint FILE]
  audit show --data-dir DIR [--since T] [--until T] [--type TYPE] [--cause ID]
  audit checkpoint --data-dir DIR    print the latest signed checkpoint (keep it)
  audit export --data-dir DIR --out BUNDLE [filters]
  audit verify-bundle BUNDLE --public-key FILE
  audit prune --data-dir DIR         remove segments past the retention period
  audit rotate-key --data-dir DIR    start a new encryption key
  whatif reward --delta-visibility X --delta-revenue Y --api-cost Z
         [--vary INPUT --from A --to B --steps N]
                                     reward what-if and sensitivity, with the break-even
  whatif policy --data-dir DIR [--confidence-gate G] [--learning-rate L] [--exploration E]
         [--min-probability P] [--min-reward M] [--target FILE] [--since T] [--until T]
                                     value of another policy from the decision log (IPS, SNIPS)
  whatif rules --data-dir DIR [--threshold 1.5,2.0,2.5] [--window N] [--baseline N]
         [--trigger-count N]         detections, retrains, pauses under other drift rules

Exit status: 0 ok; 1 the check's verdict is negative (invalid spec, drift detected,
reward below threshold, flagged windows found, audit verification failed);
2 bad usage or input.
Run 'orchestratorctl <command> --help' for a command's options.
)";

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("orchestratorctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ORCH_VERSION));
    // The engine's info messages are for the console and the daemon's logs; here stdout and stderr
    // carry results and errors. QT_LOGGING_RULES=orchestrator.*.info=true brings them back.
    QLoggingCategory::setFilterRules(QStringLiteral("orchestrator.*.info=false"));
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fputs(kUsage, stderr);
        return ctl::BadInput;
    }
    const QString command = args.at(1);
    const QStringList rest = args.mid(2);
    if (command == QLatin1String("--help") || command == QLatin1String("-h")
        || command == QLatin1String("help")) {
        std::fputs(kUsage, stdout);
        return ctl::Ok;
    }
    if (command == QLatin1String("--version")) {
        std::printf("orchestratorctl %s\n", ORCH_VERSION);
        return ctl::Ok;
    }
    if (command == QLatin1String("spec"))
        return ctl::specCommand(rest);
    if (command == QLatin1String("drift"))
        return ctl::driftCommand(rest);
    if (command == QLatin1String("reward"))
        return ctl::rewardCommand(rest);
    if (command == QLatin1String("simulate"))
        return ctl::simulateCommand(rest);
    if (command == QLatin1String("import"))
        return ctl::importCommand(rest);
    if (command == QLatin1String("audit"))
        return ctl::auditCommand(rest);
    if (command == QLatin1String("whatif"))
        return ctl::whatifCommand(rest);
    std::fprintf(stderr, "orchestratorctl: unknown command '%s'\n\n%s", qPrintable(command), kUsage);
    return ctl::BadInput;
}
