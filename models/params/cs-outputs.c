/* cs-outputs.c: the names of the result rows (see cs-outputs.h). */
#include "config.h"

#include "models/params/cs-outputs.h"

const char *const cs_out_quintile_groups[CS_OUT_N_QUINTILES]
    = { "deprivation_q1", "deprivation_q2", "deprivation_q3", "deprivation_q4",
        "deprivation_q5" };

const char *const cs_out_tier_groups[CS_N_TIERS]
    = { "tier:universal", "tier:targeted", "tier:specialist" };

const char *const cs_out_sector_spend[CS_N_SECTORS]
    = { "spend_health_gbp", "spend_education_gbp", "spend_social_care_gbp" };

const char *const cs_out_ecm_measures[CS_N_ECM] = {
  CS_OUT_ECM_BE_HEALTHY,         CS_OUT_ECM_STAY_SAFE,
  CS_OUT_ECM_ENJOY_ACHIEVE,      CS_OUT_ECM_POSITIVE_CONTRIBUTION,
  CS_OUT_ECM_ECONOMIC_WELLBEING,
};

const char *const cs_out_ecm_titles[CS_N_ECM]
    = { "Be healthy", "Stay safe", "Enjoy and achieve",
        "Make a positive contribution", "Achieve economic well-being" };
