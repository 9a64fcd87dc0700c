#include "client/orchestratorclient.h"

namespace orch {

void OrchestratorClient::setCapabilities(const Capabilities& capabilities)
{
    if (m_capabilities == capabilities)
        return;
    m_capabilities = capabilities;
    Q_EMIT capabilitiesChanged(m_capabilities);
}

} // namespace orch
