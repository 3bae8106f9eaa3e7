package dev.kserveauth.policy;

/** The outcome of a decision. */
public enum Effect { ALLOW, DENY }
